import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { BoardScope, CountCell } from '@app/fhir/board/board-metrics';
import type { MultidoseEpisodeView } from '@app/fhir/multidose/multidose-patient-answers';
import { BoardSnapshotService } from '../../apps/api/src/board/board-snapshot.service';
import { waitFor } from '../support/wait-for';
import { testDirectory } from '../support/test-directory';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { RegisteredPatient, newRegisteredPatient } from './browser-handovers';
import { admit, dischargeWithChange, multidosePatient } from './browser-multidose';

jest.setTimeout(180_000);

/** The board's count of multidose patients with a pending change, as the API computes it afresh for the GP's office. */
async function pendingChangesOnBoard(stack: BrowserStack): Promise<CountCell> {
  const scope = `office:${testDirectory().demoOrganizations.gpOfficeSentrum}` as BoardScope;
  return (await stack.api.app.get(BoardSnapshotService).snapshot(scope)).panels.multidose!.patients.pendingChanges;
}

/** The board's pending-changes figure as the GP's laptop shows it in the multidose panel: its number, or "<5". */
async function pendingChangesShown(page: Page): Promise<number | string> {
  const figure = page.getByRole('region', { name: 'Multidose' }).getByRole('group', { name: 'Venter på oppdatert liste', exact: true }).locator('.figure-value');
  const text = (await figure.textContent())!.trim().replace(/[\s\u00a0\u202f]/g, '');
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** Waits until the panel shows `expected` (it follows the board live), naming what it showed last if it never does. */
async function showsPendingChanges(page: Page, expected: number): Promise<void> {
  let shown: number | string | undefined;
  await waitFor(async () => (shown = await pendingChangesShown(page)) === expected, `the board to show ${expected} pending changes`, 30_000).catch((error: Error) => {
    throw new Error(`${error.message} (it shows ${String(shown)})`);
  });
}

async function episodeOf(stack: BrowserStack, patientId: string): Promise<MultidoseEpisodeView> {
  const answer = await callAs<MultidoseEpisodeView>(stack.api, 'gp', 'GET', `/api/multidose/patients/${patientId}/episode`);
  expect(answer.status).toBe(200);
  return answer.body;
}

/**
 * A multidose patient through a stay in the web app: the coordinator sees the multidose badge in the hand-over
 * form while the patient is in a bed; the hospital discharges with a medication change; the GP sees the badge
 * and the update task in the inbox, the episode's timeline, and records the updated list on "Mine
 * multidosepasienter" — the episode is active again and the board's count of pending changes drops.
 */
describe('multidose in the web app (browser)', () => {
  let stack: BrowserStack;
  let patient: RegisteredPatient;
  let patientId: string;
  let gp: Page;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    patient = newRegisteredPatient();
    patientId = await multidosePatient(stack, patient);
    // Other pending changes at the same office, so the board's count is a number, not "<5".
    for (let i = 0; i < 5; i++) {
      const other = newRegisteredPatient();
      await multidosePatient(stack, other);
      await dischargeWithChange(stack, other);
    }
    // Admitted: the episode is suspended, and the unit sees it during the stay.
    await admit(stack, patientId);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the coordinator the multidose badge in the hand-over form once the patient is known', async () => {
    const coordinator = await stack.newPage();
    await signIn(coordinator, stack.web.url, 'coordinator', '/handovers/new');
    await coordinator.getByRole('heading', { name: 'Ny overføring ved utskrivning', level: 1 }).waitFor();
    await coordinator.getByLabel('Fødselsnummer eller D-nummer (11 siffer)').fill(patient.fodselsnummer);
    const note = coordinator.getByTestId('handover-multidose');
    await note.getByText('Multidose: Innlagt – pakking stanset').waitFor();
    await note.getByText(/Nevn multidose i epikrisen/).waitFor();
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'multidose-handover-form.png'), fullPage: true });
  });

  it('after a discharge with changes, the GP sees the badge and the update task, and the episode timeline', async () => {
    await dischargeWithChange(stack, patient);
    expect((await episodeOf(stack, patientId)).state).toBe('change-pending');

    // The unit's hand-over list says so too, while the patient is still in one of its beds.
    const coordinator = await stack.newPage();
    await signIn(coordinator, stack.web.url, 'coordinator', '/handovers');
    const handoverRow = coordinator.locator('tr[data-handover-id]').filter({ hasText: patient.name.full });
    await handoverRow.getByTestId('multidose-badge').filter({ hasText: 'Multidose: Endring venter' }).waitFor();
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'multidose-handover-list.png'), fullPage: true });

    gp = await stack.newPage();
    // The patient's tasks (in a shared run other files' tasks may fill the first page).
    await signIn(gp, stack.web.url, 'gp', `/inbox?patient=${patientId}`);
    const rows = gp.locator('tr[data-task-id]').filter({ hasText: patient.name.full });
    const update = rows.filter({ hasText: 'Send oppdatert legemiddelliste (M25.1)' });
    await update.waitFor();
    await update.getByTestId('multidose-badge').filter({ hasText: 'Multidose: Endring venter' }).waitFor();
    // Every task of the patient carries the badge (the hand-over's prescription task too).
    expect(await rows.count()).toBe(2);
    expect(await rows.getByTestId('multidose-badge').count()).toBe(2);
    await gp.screenshot({ path: resolve(ARTIFACTS, 'multidose-inbox.png'), fullPage: true });

    // The badge's visible text, then where it leads (read after it; the browser may put a space between the two).
    await update.getByRole('link', { name: new RegExp(`^Multidose: Endring venter ?\\. Vis multidoseforløpet til ${patient.name.full}$`) }).click();
    await gp.getByRole('heading', { name: 'Multidoseforløp', level: 1 }).waitFor();
    await gp.getByTestId('episode-state').filter({ hasText: 'Endring venter' }).waitFor();
    const timeline = gp.getByTestId('multidose-timeline');
    await timeline.locator('li').last().filter({ hasText: 'Endring venter' }).waitFor();
    const entries = await timeline.locator('li').allTextContents();
    expect(entries.slice(0, 2)).toEqual([expect.stringContaining('Registrert: Aktiv'), expect.stringContaining('Status: Aktiv → Innlagt – pakking stanset')]);
    expect(entries.at(-1)).toMatch(/Status: .* → Endring venter$/);
    await gp.screenshot({ path: resolve(ARTIFACTS, 'multidose-timeline.png'), fullPage: true });
  });

  it('the GP records the updated list on "Mine multidosepasienter": the episode is active again and the board count drops', async () => {
    const board = await stack.newPage({ width: 1366, height: 900 });
    await signIn(board, stack.web.url, 'gp', '/board');
    await board.getByRole('heading', { name: 'Tavle: Sentrum legesenter', level: 1 }).waitFor();
    const pendingBefore = await pendingChangesOnBoard(stack);
    // This file's six pending changes at least: a number, not "<5".
    expect(typeof pendingBefore === 'number' && pendingBefore >= 6).toBe(true);
    await showsPendingChanges(board, pendingBefore as number);

    await gp.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Mine multidosepasienter' }).click();
    await gp.getByRole('heading', { name: 'Mine multidosepasienter', level: 1 }).waitFor();
    const row = gp.locator('tr[data-episode-id]').filter({ hasText: patient.name.full });
    await gp.locator('tr[data-episode-id]').first().waitFor();
    // Other files' patients of the same GP may come first in a shared run: page on ("Neste") until it shows.
    for (let shown = 1; !(await row.count()); shown++) {
      const next = gp.getByRole('button', { name: 'Neste' });
      if (!(await next.count()) || (await next.isDisabled())) throw new Error(`${patient.name.full} is not on "Mine multidosepasienter"`);
      await next.click();
      await gp.getByText(new RegExp(`^Side ${shown + 1} av `)).first().waitFor();
    }
    await row.getByText('Endring venter').waitFor();
    await row.getByText('Apotek 1 Bergen Sentrum').waitFor();
    // Pending changes first: every row above the first one without a pending change has one.
    const states = await gp.locator('tr[data-episode-id] td:nth-child(2) .multidose-badge').allTextContents();
    const firstSettled = states.findIndex((state) => state !== 'Endring venter');
    expect(firstSettled === -1 || states.slice(firstSettled).every((state) => state !== 'Endring venter')).toBe(true);
    await gp.screenshot({ path: resolve(ARTIFACTS, 'multidose-patients.png'), fullPage: true });

    await row.getByRole('button', { name: `Oppdatert liste sendt (M25.1) for ${patient.name.full}` }).click();
    await gp.getByRole('status').filter({ hasText: `Oppdatert legemiddelliste (M25.1) er registrert for ${patient.name.full}.` }).waitFor();
    await row.getByText('Aktiv', { exact: true }).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    const episode = await episodeOf(stack, patientId);
    expect(episode.state).toBe('active');
    expect(episode.update).toBeUndefined();
    await gp.screenshot({ path: resolve(ARTIFACTS, 'multidose-patients-recorded.png'), fullPage: true });

    // The board follows without a reload, and shows what the API computes afresh.
    await showsPendingChanges(board, (pendingBefore as number) - 1);
    expect(await pendingChangesOnBoard(stack)).toBe((pendingBefore as number) - 1);
    await board.screenshot({ path: resolve(ARTIFACTS, 'multidose-board.png'), fullPage: true });
  });
});

