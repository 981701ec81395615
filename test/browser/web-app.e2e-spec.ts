import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { TestApi, startTestApi } from '../support/test-api';
import { WebServer, startWebServer } from '../support/web-server';

const artifacts = resolve(__dirname, '../artifacts');

describe('web app in headless Chromium', () => {
  let api: TestApi;
  let web: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startTestApi();
    web = await startWebServer(api.origin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.close();
  });

  it('shows that Bro is ready when the API answers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(web.url);
    await page.getByText('Bro er klar').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bro');
    await page.screenshot({ path: resolve(artifacts, 'home.png') });
  });
});
