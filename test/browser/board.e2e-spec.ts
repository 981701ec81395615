import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { testDirectory } from '../support/test-directory';
import { waitFor } from '../support/wait-for';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { handOver } from './browser-handovers';

jest.setTimeout(120_000);

/** A headline figure as it reads on the wall: its number (bokmål digit grouping removed), or "<5". */
async function figure(page: Page, label: string): Promise<number | string> {
  const text = (await page.getByRole('group', { name: label, exact: true }).locator('.figure-value').textContent())!.trim();
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d+$/.test(digits) ? Number(digits) : text;
}

/** When the figures on screen were computed ("Oppdatert …"). */
async function boardComputedAt(page: Page): Promise<number> {
  return Date.parse((await page.getByRole('status').filter({ hasText: 'Direkte' }).locator('time').getAttribute('datetime'))!);
}

async function pageSize(page: Page): Promise<{ width: number; height: number; viewport: { width: number; height: number } }> {
  const [width, height] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.scrollHeight]');
  return { width, height, viewport: page.viewportSize()! };
}

describe('the live board (browser)', () => {
  let stack: BrowserStack;
  let handedOverUntil: number;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    // Enough patients at gp2's office that its figures for today are numbers, not "<5".
    for (let i = 0; i < 6; i++) await handOver(stack.api, { gp: 'gp2', categories: ['PROVESVAR'] });
    handedOverUntil = Date.now();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('counts hand-overs as they arrive, without reloading (a GP office\'s board on a 1920×1080 wall screen)', async () => {
    const office = testDirectory().demoOrganizations.gpOfficeAsane;
    const page = await stack.newPage({ width: 1920, height: 1080 });
    await signIn(page, stack.web.url, 'quality', `/board?scope=office:${office}`);
    await page.getByRole('heading', { name: 'Tavle: Åsane legesenter', level: 1 }).waitFor();
    // The figures to start from are the ones computed after the set-up's hand-overs.
    await waitFor(async () => (await boardComputedAt(page)) >= handedOverUntil, 'the board to show figures from after the set-up', 30_000);

    const before = { today: await figure(page, 'Overført i dag'), open: await figure(page, 'Åpne oppgaver') };
    expect(typeof before.today).toBe('number');
    expect(typeof before.open).toBe('number');
    // Marks this document: a reload would lose the mark.
    await page.evaluate('window.__sameDocument = true');

    await handOver(stack.api, { gp: 'gp2', categories: ['KONTROLL', 'SYKMELD'] });

    await waitFor(async () => (await figure(page, 'Overført i dag')) === (before.today as number) + 2, 'the board to count the two new tasks', 30_000);
    expect(await figure(page, 'Åpne oppgaver')).toBe((before.open as number) + 2);
    expect(await page.evaluate<boolean>('window.__sameDocument === true')).toBe(true);
  });

  it('shows Bergen on one 1920×1080 screen, and switches to a hospital with the scope picker', async () => {
    const page = await stack.newPage({ width: 1920, height: 1080 });
    await signIn(page, stack.web.url, 'quality', '/board');
    await page.getByRole('heading', { name: 'Tavle: Bergen kommune', level: 1 }).waitFor();
    expect(typeof (await figure(page, 'Overført i dag'))).toBe('number');

    // What a wall screen needs: everything on one screen, workflows Bro lacks said so, charts drawn.
    const size = await pageSize(page);
    expect(size.width).toBeLessThanOrEqual(size.viewport.width);
    expect(size.height).toBeLessThanOrEqual(size.viewport.height);
    for (const panel of ['Felleskonsultasjoner', 'Lavterskeltilbud', 'Multidose']) {
      await page.getByRole('region', { name: panel }).getByText('Ikke tilgjengelig ennå').waitFor();
    }
    expect(await page.locator('.chart canvas').count()).toBe(2);
    await page.getByRole('table').filter({ hasText: 'Åsane legesenter' }).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'board.png') });

    const picker = page.getByLabel('Tavle for');
    const haukeland = (await picker.locator('option', { hasText: 'Haukeland universitetssjukehus' }).getAttribute('value'))!;
    await picker.selectOption(haukeland);
    await page.getByRole('heading', { name: 'Tavle: Haukeland universitetssjukehus', level: 1 }).waitFor();
    expect(new URL(page.url()).searchParams.get('scope')).toBe(haukeland);
    expect(typeof (await figure(page, 'Åpne oppgaver'))).toBe('number');
  });

  it('shows a GP their own office\'s board on a laptop, without sideways scrolling', async () => {
    const page = await stack.newPage({ width: 1366, height: 768 });
    await signIn(page, stack.web.url, 'gp', '/board');
    await page.getByRole('heading', { name: 'Tavle: Sentrum legesenter', level: 1 }).waitFor();
    const options = await page.getByLabel('Tavle for').locator('option').allTextContents();
    expect(options).toEqual(['Bergen kommune', 'Sentrum legesenter']);
    const size = await pageSize(page);
    expect(size.width).toBeLessThanOrEqual(size.viewport.width);
    await page.screenshot({ path: resolve(ARTIFACTS, 'board-laptop.png'), fullPage: true });
  });
});
