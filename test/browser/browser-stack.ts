import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { clockMoved } from '../../tools/reliability/real-clock';
import { Ledgers, openLedgers } from '../support/settled';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { WebServer, startWebServer } from '../support/web-server';

/** Screenshots of each page land here (git-ignored). */
export const ARTIFACTS = resolve(__dirname, '../artifacts');

export interface BrowserStack {
  api: TestApi;
  web: WebServer;
  browser: Browser;
  /** A fresh browser context (its own sessionStorage and cookies): one user. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One API (and, for live updates, one worker), one build of the web app served by `vite preview`,
 * and one headless Chromium for a whole test file.
 */
export async function startBrowserStack(options: { worker?: boolean } = {}): Promise<BrowserStack> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // What started is stopped again when a later part cannot start (no Chromium, say): an API or worker
  // left running would go on taking jobs from the shared queues during the next test files.
  const started: Array<() => Promise<void>> = [];
  let api: TestApi, worker: Awaited<ReturnType<typeof startTestWorker>> | undefined, web: WebServer, browser: Browser;
  try {
    api = await startTestApi();
    started.push(() => api.close());
    worker = options.worker ? await startTestWorker() : undefined;
    if (worker) started.push(() => worker!.close());
    web = await startWebServer(api.origin);
    started.push(() => web.stop());
    browser = await launchChromium();
  } catch (error) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw error;
  }
  const contexts: BrowserContext[] = [];
  return {
    api,
    web,
    browser,
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, locale: 'nb-NO', timezoneId: 'Europe/Oslo', acceptDownloads: true });
      contexts.push(context);
      // The page's clock starts at the tests' (moved) time and runs on from there.
      if (clockMoved) await context.clock.install({ time: Date.now() });
      return context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await web.stop();
      await worker?.close();
      await api.close();
    },
  };
}

/** A stack with its worker, for tests that wait until the work their changes set off is finished (settled.ts) before they look. */
export interface LiveBrowserStack extends BrowserStack {
  ledgers: Ledgers;
}

export async function startLiveBrowserStack(): Promise<LiveBrowserStack> {
  const stack = await startBrowserStack({ worker: true });
  let ledgers: Ledgers;
  try {
    ledgers = openLedgers(stack.api.config);
  } catch (error) {
    await stack.close().catch(() => undefined);
    throw error;
  }
  return {
    ...stack,
    ledgers,
    async close() {
      await ledgers.close();
      await stack.close();
    },
  };
}

/** Demo users as the identity provider's sign-in page names them (tools/identity-provider/demo-users.json). */
export const DEMO_USER_NAMES = {
  gp: 'Kari Fastlege',
  gp2: 'Ola Allmennlege',
  coordinator: 'Siri Koordinator',
  quality: 'Per Kvalitet',
  privacy: 'Pia Personvern',
  lowthreshold: 'Liv Lavterskel',
  admin: 'Anne Admin',
} as const;

export type DemoUser = keyof typeof DEMO_USER_NAMES;

/**
 * Signs in the way a user does: the app's "Logg inn", the identity provider's page, the demo user's
 * button, and back in the app with the main menu showing.
 */
export async function signIn(page: Page, webUrl: string, user: DemoUser, path = '/'): Promise<void> {
  await page.goto(`${webUrl}${path}`);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^Logg inn som ${DEMO_USER_NAMES[user]},`) }).click();
  await page.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
}

/** The access token the web app keeps in this tab's sessionStorage (null when signed out). */
export function sessionToken(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("sessionStorage.getItem('bro.session')");
}

/** Whether keyboard focus is on this element now. */
export function hasFocus(locator: Locator): Promise<boolean> {
  // Runs in the page; this project is typed for Node, without the DOM's types, hence the cast.
  return locator.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);
}
