import { resolve } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { waitFor } from '../support/wait-for';
import { ARTIFACTS, BrowserStack, DEMO_USER_NAMES, DemoUser, sessionToken, signIn, startBrowserStack } from './browser-stack';
import { handOver, newGpOffice } from './browser-handovers';
import { showsFigure } from './board-figures';

jest.setTimeout(180_000);

/** The refresh token the web app keeps beside the access token in this tab's sessionStorage. */
function refreshToken(page: Page): Promise<string | undefined> {
  return page.evaluate<string | undefined>("JSON.parse(sessionStorage.getItem('bro.session.renewal') ?? '{}').refreshToken");
}

/** The claims of a JWT, read without checking it (the test only looks up the issuer). */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A wall screen nobody sits at: opened on the kiosk board, signed in once by whoever set it up. */
async function signInToKiosk(page: Page, webUrl: string, user: DemoUser, scope?: string): Promise<void> {
  await page.goto(`${webUrl}/board?kiosk=1${scope ? `&scope=${encodeURIComponent(scope)}` : ''}`);
  await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^Logg inn som ${DEMO_USER_NAMES[user]},`) }).click();
  await page.waitForURL((url) => url.pathname === '/board' && url.searchParams.get('kiosk') === '1');
}

/** What the page's sockets sent when they connected to a namespace: socket.io's CONNECT packets, `40/<nsp>,{auth}`. */
function recordSocketConnects(page: Page): Array<{ namespace: string; token: string }> {
  const connects: Array<{ namespace: string; token: string }> = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const match = /^40(\/[a-z]+),(\{.*\})$/.exec(typeof payload === 'string' ? payload : payload.toString('utf8'));
      if (match) connects.push({ namespace: match[1], token: (JSON.parse(match[2]) as { token: string }).token });
    }),
  );
  return connects;
}

describe('a session that lasts (browser)', () => {
  let stack: BrowserStack;
  let office: string;
  const OFFICE_NAME = 'Kioskveggen legesenter';
  const clocked: BrowserContext[] = [];

  /** A browser context whose clock the test moves (Playwright's clock; the API and identity provider keep theirs). */
  async function clockedContext(viewport = { width: 1920, height: 1080 }): Promise<BrowserContext> {
    const context = await stack.browser.newContext({ viewport, locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    clocked.push(context);
    await context.clock.install({ time: Date.now() });
    return context;
  }

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    // An office of this test's own, with enough hand-overs that its figures for today are numbers, not "<5".
    office = await newGpOffice(stack.api, OFFICE_NAME);
    for (let i = 0; i < 6; i++) await handOver(stack.api, { owner: office, categories: ['PROVESVAR'] });
  });
  afterAll(async () => {
    for (const context of clocked) await context.close().catch(() => undefined);
    await stack?.close();
  });

  it('keeps the wall board signed in and live through 65 minutes, renewing the one-hour token before it ends', async () => {
    const page = await (await clockedContext()).newPage();
    const connects = recordSocketConnects(page);
    await signInToKiosk(page, stack.web.url, 'quality', `office:${office}`);
    await page.getByRole('heading', { name: `Tavle: ${OFFICE_NAME}`, level: 1 }).waitFor();
    await showsFigure(page, 'Overført i dag', 6);
    // Marks this document: a reload (or a trip to the sign-in page and back) would lose the mark.
    await page.evaluate('window.__sameDocument = true');
    const firstToken = (await sessionToken(page))!;
    const firstRefreshToken = await refreshToken(page);
    expect(firstRefreshToken).toBeTruthy();

    // 56 minutes on, four minutes before the token's hour is up: the board renews it itself.
    await page.clock.fastForward('56:00');
    const renewedToken = await waitFor(async () => {
      const token = await sessionToken(page);
      return token && token !== firstToken ? token : undefined;
    }, 'the access token to be renewed');
    // The refresh token was rotated: the one used is spent, the board keeps the new one.
    expect(await refreshToken(page)).not.toBe(firstRefreshToken);
    // Both sockets connected again with the renewed token, so the API does not cut them off at the old one's end.
    await waitFor(() => connects.some((c) => c.namespace === '/board' && c.token === renewedToken), 'the board socket to connect with the renewed token');
    await waitFor(() => connects.some((c) => c.namespace === '/live' && c.token === renewedToken), 'the /live socket to connect with the renewed token');

    // 65 minutes: past the end of the first token. Still signed in, still live.
    await page.clock.fastForward('09:00');
    await handOver(stack.api, { owner: office, categories: ['KONTROLL'] });
    await showsFigure(page, 'Overført i dag', 7);
    await expect(page.getByText('Økten din er utløpt', { exact: false }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Logg inn', exact: true }).count()).resolves.toBe(0);
    expect(await page.evaluate<boolean>('window.__sameDocument === true')).toBe(true);
    expect(new URL(page.url()).searchParams.get('kiosk')).toBe('1');
  });

  it('opens a new tab signed in, and signing out in one tab signs out the other', async () => {
    const first = await stack.newPage();
    await signIn(first, stack.web.url, 'gp');
    const second = await first.context().newPage();
    await second.goto(`${stack.web.url}/board`);
    await second.getByRole('heading', { name: /^Tavle: /, level: 1 }).waitFor();
    await expect(second.getByTestId('signed-in-user').textContent()).resolves.toContain('Kari Fastlege');
    await expect(second.getByRole('button', { name: 'Logg inn', exact: true }).count()).resolves.toBe(0);
    // It came from the first tab, not from disk: still nothing in localStorage.
    const token = (await sessionToken(second))!;
    expect(token).toBe(await sessionToken(first));
    expect(await second.evaluate<string>('JSON.stringify(localStorage)')).not.toContain(token);

    await second.getByRole('button', { name: 'Logg ut' }).click();
    await second.getByRole('status').filter({ hasText: 'Du er logget ut.' }).waitFor();
    await first.getByRole('status').filter({ hasText: 'Du er logget ut.' }).waitFor();
    expect(await sessionToken(first)).toBeNull();
    // And a tab opened now asks who you are.
    const third = await first.context().newPage();
    await third.goto(stack.web.url);
    await third.getByRole('button', { name: 'Logg inn', exact: true }).waitFor();
  });

  it('refuses a spent refresh token, and that ends the sign-in it belonged to (reuse detection)', async () => {
    const page = await (await clockedContext({ width: 1280, height: 900 })).newPage();
    await signIn(page, stack.web.url, 'coordinator');
    const firstToken = (await sessionToken(page))!;
    const spent = (await refreshToken(page))!;
    await page.clock.fastForward('56:00');
    await waitFor(async () => (await sessionToken(page)) !== firstToken, 'the access token to be renewed');
    const current = (await refreshToken(page))!;

    // Someone replays the spent refresh token: refused, and the identity provider revokes the whole sign-in.
    const issuer = claimsOf(firstToken).iss as string;
    const { token_endpoint } = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { token_endpoint: string };
    const refresh = (refreshToken: string) =>
      fetch(token_endpoint, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'bro-web' }) });
    const replay = await refresh(spent);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    const afterwards = await refresh(current);
    expect(afterwards.status).toBe(400);

    // So the tab's next renewal is refused too, and it asks the user to sign in again.
    await page.clock.fastForward('56:00');
    await page.getByRole('alert').filter({ hasText: 'Økten din er utløpt eller ikke lenger gyldig. Logg inn på nytt.' }).waitFor();
    expect(await sessionToken(page)).toBeNull();
  });

  it('shows the kiosk board at 1920×1080 alone, in type readable from 4 m, without the monitoring figures', async () => {
    const page = await stack.newPage({ width: 1920, height: 1080 });
    // Bergen's board, with a panel for every workflow.
    await signInToKiosk(page, stack.web.url, 'quality');
    // The municipality's first snapshot can take a while on a busy machine.
    await page.getByRole('heading', { name: 'Tavle: Bergen kommune', level: 1 }).waitFor({ timeout: 60_000 });
    await page.getByRole('group', { name: 'Åpne oppgaver', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Multidose' }).waitFor();
    await page.getByRole('region', { name: 'Henvisninger' }).waitFor();

    // No menu, no header with search and sign-out, no scope picker, no notification queue.
    await expect(page.getByRole('navigation', { name: 'Hovedmeny' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Logg ut' }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Tavle for').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Varslingskø' }).count()).resolves.toBe(0);
    await expect(page.getByText('Varslingskø').count()).resolves.toBe(0);

    // Every label on the wall at 28 px or more: the figures' labels, the panels' headings, the connection status.
    const sizes = await page.evaluate<Array<{ text: string; px: number }>>(`
      [...document.querySelectorAll('.figure-label, .board-panel h2, .connection, h1')]
        .filter((element) => element.getClientRects().length > 0 && !element.closest('.visually-hidden') && !element.classList.contains('visually-hidden'))
        .map((element) => ({ text: element.textContent.trim(), px: parseFloat(getComputedStyle(element).fontSize) }))
    `);
    expect(sizes.length).toBeGreaterThanOrEqual(12);
    expect(sizes.filter(({ px }) => px < 28)).toEqual([]);

    await page.screenshot({ path: resolve(ARTIFACTS, 'board-kiosk-1920x1080.png') });
    // All of it on the one screen.
    const [width, height] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.scrollHeight]');
    expect(width).toBeLessThanOrEqual(1920);
    expect(height).toBeLessThanOrEqual(1080);
  });
});
