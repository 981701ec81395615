import { resolve } from 'node:path';
import { ARTIFACTS, BrowserStack, hasFocus, sessionToken, signIn, startBrowserStack } from './browser-stack';

jest.setTimeout(60_000);

/** The names in the main menu, in order. */
async function menu(page: import('playwright-core').Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link').allTextContents();
}

describe('signing in to the web app (browser)', () => {
  let stack: BrowserStack;

  beforeAll(async () => {
    stack = await startBrowserStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a GP picks their demo user on the identity provider page and lands in the inbox, with the token in sessionStorage only', async () => {
    const page = await stack.newPage();
    await page.goto(stack.web.url);
    await page.getByRole('heading', { name: 'Logg inn i Bro' }).waitFor();
    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();

    // The identity provider's own page: every demo user is a button.
    await page.waitForURL((url) => url.origin !== new URL(stack.web.url).origin);
    const demoUsers = page.getByRole('button', { name: /^Logg inn som / });
    await expect(demoUsers.count()).resolves.toBe(7);
    await page.screenshot({ path: resolve(ARTIFACTS, 'login.png') });
    await page.getByRole('button', { name: /^Logg inn som Kari Fastlege,/ }).click();

    await page.getByRole('heading', { name: 'Innboks', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/inbox');
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain('Kari Fastlege');
    expect(await menu(page)).toEqual(['Innboks', 'Felleskonsultasjoner', 'Henvisninger', 'Tavle', 'Mine multidosepasienter']);

    const token = await sessionToken(page);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await page.evaluate<string>('JSON.stringify(localStorage)')).not.toContain(token!);
  });

  it('shows each role only the views it may use, and says so when one opens another view', async () => {
    const quality = await stack.newPage();
    await signIn(quality, stack.web.url, 'quality');
    expect(await menu(quality)).toEqual(['Tavle', 'Kvalitet']);
    await quality.getByRole('heading', { name: 'Kvalitet', level: 1 }).waitFor();

    await quality.goto(`${stack.web.url}/inbox`);
    await quality.getByRole('alert').filter({ hasText: 'Du har ikke tilgang til denne siden med rollen din.' }).waitFor();
    await quality.getByRole('link', { name: 'Gå til startsiden' }).click();
    await quality.getByRole('heading', { name: 'Kvalitet', level: 1 }).waitFor();

    const coordinator = await stack.newPage();
    await signIn(coordinator, stack.web.url, 'coordinator');
    expect(await menu(coordinator)).toEqual(['Overføringer', 'Felleskonsultasjoner', 'Henvisninger', 'Tavle']);

    const privacy = await stack.newPage();
    await signIn(privacy, stack.web.url, 'privacy');
    expect(await menu(privacy)).toEqual(['Tavle']);

    const lowThreshold = await stack.newPage();
    await signIn(lowThreshold, stack.web.url, 'lowthreshold');
    expect(await menu(lowThreshold)).toEqual(['Lavterskelkø', 'Tavle']);
    await lowThreshold.getByRole('heading', { name: 'Lavterskelkø', level: 1 }).waitFor();
  });

  it('comes back to the page the user asked for after signing in', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'admin', '/board');
    await page.waitForURL(`${stack.web.url}/board`);
    await page.getByRole('heading', { name: /^Tavle/, level: 1 }).waitFor();
  });

  it('sends the user back to sign in when the API refuses the token (401)', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
    await page.getByRole('heading', { name: 'Innboks', level: 1 }).waitFor();
    // A token the identity provider never signed: still a readable, unexpired JWT, so only the API can tell.
    const token = (await sessionToken(page))!;
    await page.evaluate(`sessionStorage.setItem('bro.session', ${JSON.stringify(`${token.slice(0, -6)}AAAAAA`)})`);
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'Økten din er utløpt eller ikke lenger gyldig. Logg inn på nytt.' }).waitFor();
    await page.getByRole('button', { name: 'Logg inn', exact: true }).waitFor();
    expect(await sessionToken(page)).toBeNull();
  });

  it('signing out forgets the token, and the next sign-in asks who you are again', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.getByRole('status').filter({ hasText: 'Du er logget ut.' }).waitFor();
    expect(await sessionToken(page)).toBeNull();

    await page.getByRole('button', { name: 'Logg inn', exact: true }).click();
    await page.getByRole('button', { name: /^Logg inn som Ola Allmennlege,/ }).click();
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toContain('Ola Allmennlege');
  });

  it('works from the keyboard alone: sign in, skip to the content, open the board', async () => {
    const page = await stack.newPage();
    await page.goto(stack.web.url);
    const signInButton = page.getByRole('button', { name: 'Logg inn', exact: true });
    await signInButton.waitFor();
    await page.keyboard.press('Tab');
    expect(await hasFocus(signInButton)).toBe(true);
    await page.keyboard.press('Enter');

    const first = page.getByRole('button', { name: /^Logg inn som Kari Fastlege,/ });
    await first.waitFor();
    await page.keyboard.press('Tab');
    expect(await hasFocus(first)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Innboks', level: 1 }).waitFor();

    // The first Tab reaches the skip link, which shows itself and jumps past the menu.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Hopp til innholdet' });
    expect(await hasFocus(skip)).toBe(true);
    await page.keyboard.press('Tab');
    const brand = page.getByRole('link', { name: 'Bro', exact: true });
    expect(await hasFocus(brand)).toBe(true);
    // Innboks, Felleskonsultasjoner, Henvisninger, then the board.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    const boardLink = page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Tavle' });
    expect(await hasFocus(boardLink)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Tavle: /, level: 1 }).waitFor();
    expect(await boardLink.getAttribute('aria-current')).toBe('page');
  });

  it('speaks English when the user picks it, and remembers the choice', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents()).toEqual(['Inbox', 'Joint consultations', 'Referrals', 'Board', 'My multidose patients']);
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  });
});
