import { Browser, chromium } from 'playwright-core';
import { realClockEnv } from '../../tools/reliability/real-clock';

/**
 * Debian's Chromium, headless, with the flags that keep it from dialling out of a closed network. With the
 * clock moved, Chromium runs on the real one (under libfaketime it crawls) and each page gets the tests'
 * moved time from Playwright's clock instead (see browser-stack.ts).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    env: realClockEnv(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Date and time inputs as a Norwegian user's browser shows them.
      '--lang=nb-NO',
    ],
  });
}
