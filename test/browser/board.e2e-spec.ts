import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { BoardSnapshotService } from '../../apps/api/src/board/board-snapshot.service';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { handOver, newGpOffice } from './browser-handovers';
import { figure, showsFigure } from './board-figures';

jest.setTimeout(120_000);

async function pageSize(page: Page): Promise<{ width: number; height: number; viewport: { width: number; height: number } }> {
  const [width, height] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.scrollHeight]');
  return { width, height, viewport: page.viewportSize()! };
}

describe('the live board (browser)', () => {
  let stack: BrowserStack;
  let office: string;
  const OFFICE_NAME = 'Veggskjerm legesenter';

  /** A board's figures as the API computes them afresh, to hold the wall up against. */
  const computed = async (scope: BoardScope) => (await stack.api.app.get(BoardSnapshotService).snapshot(scope)).panels.discharge!;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    // An office of this test's own, with enough patients that its figures for today are numbers, not "<5".
    office = await newGpOffice(stack.api, OFFICE_NAME);
    for (let i = 0; i < 6; i++) await handOver(stack.api, { owner: office, categories: ['PROVESVAR'] });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('counts hand-overs as they arrive, without reloading (a GP office\'s board on a 1920×1080 wall screen)', async () => {
    const page = await stack.newPage({ width: 1920, height: 1080 });
    await signIn(page, stack.web.url, 'quality', `/board?scope=office:${office}`);
    await page.getByRole('heading', { name: `Tavle: ${OFFICE_NAME}`, level: 1 }).waitFor();
    await showsFigure(page, 'Overført i dag', 6);
    expect(await figure(page, 'Åpne oppgaver')).toBe(6);
    // Marks this document: a reload would lose the mark.
    await page.evaluate('window.__sameDocument = true');

    await handOver(stack.api, { owner: office, categories: ['KONTROLL', 'SYKMELD'] });

    await showsFigure(page, 'Overført i dag', 8);
    expect(await figure(page, 'Åpne oppgaver')).toBe(8);
    expect(await page.evaluate<boolean>('window.__sameDocument === true')).toBe(true);
  });

  it('shows Bergen on one 1920×1080 screen, and switches to a hospital with the scope picker', async () => {
    const page = await stack.newPage({ width: 1920, height: 1080 });
    await signIn(page, stack.web.url, 'quality', '/board');
    await page.getByRole('heading', { name: 'Tavle: Bergen kommune', level: 1 }).waitFor();
    // Nothing else is handed over while this file runs: the wall settles on what the API computes afresh.
    const bergen = await computed('municipality');
    await showsFigure(page, 'Overført i dag', bergen.today.transferred as number);

    // What a wall screen needs: everything on one screen, a panel for every workflow with figures, charts drawn.
    await page.getByRole('region', { name: 'Multidose' }).waitFor();
    const size = await pageSize(page);
    expect(size.width).toBeLessThanOrEqual(size.viewport.width);
    expect(size.height).toBeLessThanOrEqual(size.viewport.height);
    // Rejected referrals and the low-threshold service have their panel.
    await page.getByRole('region', { name: 'Henvisninger' }).waitFor();
    // The discharge categories and trend (on the wall the consultations panel shows this week's figures only).
    expect(await page.locator('.chart canvas').count()).toBe(2);
    // The office load table leads with the office the API ranks first.
    await page.getByRole('table').filter({ hasText: bergen.officeLoad[0].name }).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'board.png') });

    const picker = page.getByLabel('Tavle for');
    const haukeland = (await picker.locator('option', { hasText: /^Haukeland universitetssjukehus$/ }).getAttribute('value'))!;
    await picker.selectOption(haukeland);
    await page.getByRole('heading', { name: 'Tavle: Haukeland universitetssjukehus', level: 1 }).waitFor();
    expect(new URL(page.url()).searchParams.get('scope')).toBe(haukeland);
    await showsFigure(page, 'Åpne oppgaver', (await computed(haukeland as BoardScope)).now.open as number);
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
