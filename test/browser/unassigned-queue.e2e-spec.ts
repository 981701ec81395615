import { resolve } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { TaskPage } from '@app/fhir/api/api-answers';
import { handoverPatient } from '../../tools/simulator/discharge-handover';
import { syntheticFodselsnummer } from '../support/fixtures';
import { testDirectory } from '../support/test-directory';
import { callAs, handover, postHandover } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { uniquePatientName } from './browser-handovers';

jest.setTimeout(120_000);

/** Chooses a GP in the GP picker the way a coordinator does: types part of the name, picks the GP at their office. */
async function chooseGp(form: Locator, typed: string, option: string): Promise<void> {
  await form.getByRole('combobox', { name: 'Fastlege eller legekontor' }).fill(typed);
  await form.getByRole('option', { name: option }).click();
}

/**
 * The coordinator's "Uten fastlege" queue: a hand-over for a patient with no GP lands there, says so wherever the
 * tasks' state is shown, and the coordinator gives each task its GP, from the queue or from the hand-over.
 */
describe('the unassigned queue (browser)', () => {
  let stack: BrowserStack;
  let page: Page;
  const name = uniquePatientName();
  const fodselsnummer = syntheticFodselsnummer();
  let patientId: string;

  const queue = () => page.getByRole('region', { name: 'Uten fastlege' });
  const queued = () => queue().getByRole('listitem').filter({ hasText: name.full });
  const handoverRow = () => page.getByRole('region', { name: 'Utskrivninger' }).getByRole('row').filter({ hasText: name.full });

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    // The hospital's system hands over for a patient the population register has no GP for.
    const patient = handoverPatient(fodselsnummer, { name: [{ family: name.family, given: [name.given] }] });
    const { tasks } = await postHandover(await stack.api.fhirClient('ehr'), handover({ patient, categories: ['KONTROLL', 'PROVESVAR'] }));
    patientId = (tasks[0].for as { reference: string }).reference.split('/')[1];
    page = await stack.newPage();
    await signIn(page, stack.web.url, 'coordinator');
    await page.getByRole('heading', { name: 'Overføringer', level: 1 }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the tasks in the unit\'s "Uten fastlege" queue, and the hand-over as having no GP', async () => {
    await queued().nth(1).waitFor();
    await expect(queued().count()).resolves.toBe(2);
    await expect(queued().getByText('Uten fastlege', { exact: true }).count()).resolves.toBe(2);

    const row = handoverRow();
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    // Sent, patient, GP, tasks, no GP, with the GP, accepted, contested, completed, cancelled, status, plan.
    expect(cells.slice(1, 10)).toEqual([name.full, 'Ingen fastlege ennå', '2', '2', '0', '0', '0', '0', '0']);
    expect(cells[10]).toBe('Uten fastlege');
    expect(cells.join(' ')).not.toContain('Hos fastlegen');
    await page.screenshot({ path: resolve(ARTIFACTS, 'unassigned-queue.png'), fullPage: true });
  });

  it('gives a task its GP from the queue: it leaves the queue and reaches the GP', async () => {
    const kontroll = queued().filter({ hasText: 'Kontroll' });
    await kontroll.getByRole('button', { name: `Tildel fastlege: Kontroll, ${name.full}` }).click();
    const form = kontroll.locator('form');
    await chooseGp(form, 'Kari Fast', 'Kari Fastlege, Sentrum legesenter');
    await page.screenshot({ path: resolve(ARTIFACTS, 'unassigned-queue-assign.png'), fullPage: true });
    await form.getByRole('button', { name: 'Tildel fastlege' }).click();

    await page.getByRole('status').filter({ hasText: 'Oppgaven er sendt til fastlegen.' }).waitFor();
    await kontroll.waitFor({ state: 'detached' });
    await expect(queued().count()).resolves.toBe(1);
    const inbox = await callAs<TaskPage>(stack.api, 'gp', 'GET', `/api/inbox/tasks?patient=${patientId}`);
    expect(inbox.body.tasks.map((task) => [task.category?.code, task.status])).toEqual([['KONTROLL', 'requested']]);

    // The list counts the two tasks where they now stand, and names the GP who has one.
    const row = handoverRow();
    await row.getByText('Kari Fastlege').waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(3, 10)).toEqual(['2', '1', '1', '0', '0', '0', '0']);
    expect(cells[10]).toBe('Uten fastlege');
  });

  it('opens the hand-over from its row, shows each task\'s state, and gives the last task its GP there', async () => {
    await handoverRow().getByRole('link', { name: `Åpne overføringen for ${name.full}` }).click();
    await page.getByRole('heading', { name: `Overføring for ${name.full}`, level: 1 }).waitFor();
    const tasks = page.getByRole('region', { name: 'Oppgavene', exact: true });
    const provesvar = tasks.getByRole('row').filter({ hasText: 'Oppfølging av prøvesvar' });
    const kontroll = tasks.getByRole('row').filter({ hasText: 'Kontroll' });
    await provesvar.getByText('Uten fastlege', { exact: true }).waitFor();
    await kontroll.getByText('Ny', { exact: true }).waitFor();
    await kontroll.getByText('Kari Fastlege', { exact: false }).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'handover-details-no-gp.png'), fullPage: true });

    await provesvar.getByRole('button', { name: `Tildel fastlege: Oppfølging av prøvesvar, ${name.full}` }).click();
    const form = tasks.locator('form');
    await chooseGp(form, 'Ola Allmenn', 'Ola Allmennlege, Åsane legesenter');
    await form.getByRole('button', { name: 'Tildel fastlege' }).click();
    await page.getByRole('status').filter({ hasText: 'Oppgaven er sendt til fastlegen.' }).waitFor();
    await provesvar.getByText('Ny', { exact: true }).waitFor();
    await expect(tasks.getByText('Uten fastlege', { exact: true }).count()).resolves.toBe(0);
    const inbox = await callAs<TaskPage>(stack.api, 'gp2', 'GET', `/api/inbox/tasks?patient=${patientId}`);
    expect(inbox.body.tasks.map((task) => task.category?.code)).toEqual(['PROVESVAR']);
  });

  it('shows the hospital board\'s tasks without a GP as "Uten fastlege", never as an office named null', async () => {
    // Another patient without a GP, so the hospital has one open now whatever other files did with theirs.
    const patient = handoverPatient(syntheticFodselsnummer(), { name: [{ family: uniquePatientName().family, given: ['Tavle'] }] });
    await postHandover(await stack.api.fhirClient('ehr'), handover({ patient }));
    const board = await stack.newPage();
    await signIn(board, stack.web.url, 'quality', `/board?scope=hospital:${testDirectory().demoOrganizations.haukeland}`);
    const offices = board.getByRole('region', { name: 'Belastning per legekontor' });
    const unassigned = offices.getByRole('row').filter({ has: board.getByRole('rowheader', { name: 'Uten fastlege' }) });
    await unassigned.waitFor({ timeout: 30_000 });
    expect(await offices.textContent()).not.toMatch(/null/);
    await board.getByRole('group', { name: 'Uten fastlege', exact: true }).waitFor();
    await board.screenshot({ path: resolve(ARTIFACTS, 'unassigned-board.png'), fullPage: true });
  });
});
