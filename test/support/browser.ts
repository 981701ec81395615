import { Browser, chromium } from 'playwright-core';

/** Whether the tests run with the clock moved (tools/dev/test-a-year-ahead.sh: libfaketime). */
export const clockMoved = (process.env.LD_PRELOAD ?? '').includes('faketime');

/**
 * Debian's Chromium, headless, with the flags that keep it from dialling out of a closed network. With the
 * clock moved, Chromium runs on the real one (under libfaketime it crawls) and each page gets the tests'
 * moved time from Playwright's clock instead (see browser-stack.ts).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    ...(clockMoved ? { env: { ...process.env, LD_PRELOAD: '' } } : {}),
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
