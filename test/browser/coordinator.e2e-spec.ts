import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { newRegisteredPatient, registerPatient } from './browser-handovers';

jest.setTimeout(90_000);

interface TaskView {
  id: string;
  version: number;
  status: string;
  category?: { code: string };
  contest?: { resolution?: string };
}

/** The GP's side, through the API as the GP's own system would: contest one of the patient's tasks. */
async function gpContests(stack: BrowserStack, task: TaskView, reason: string): Promise<void> {
  const answer = await callAs(stack.api, 'gp', 'POST', `/api/tasks/${task.id}/contest`, { version: task.version, reason, text: 'Dette er sykehusets oppgave.' });
  expect(answer.status).toBe(200);
}

async function tasksOf(stack: BrowserStack, user: 'gp' | 'gp2', patientId: string, status?: string): Promise<TaskView[]> {
  const answer = await callAs<{ tasks: TaskView[] }>(stack.api, user, 'GET', `/api/inbox/tasks?patient=${patientId}${status ? `&status=${status}` : ''}`);
  return answer.body.tasks;
}

describe('the hospital coordinator (browser)', () => {
  let stack: BrowserStack;
  let page: Page;
  const patient = newRegisteredPatient();
  let patientId: string;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    patientId = await registerPatient(stack.api, patient, 'gp');
    page = await stack.newPage();
    await signIn(page, stack.web.url, 'coordinator');
    await page.getByRole('heading', { name: 'Overføringer', level: 1 }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('hands over two tasks with the form; Bro finds the patient\'s GP', async () => {
    await page.getByRole('link', { name: 'Ny overføring' }).click();
    await page.getByRole('heading', { name: 'Ny overføring ved utskrivning', level: 1 }).waitFor();

    const personNumber = page.getByLabel('Fødselsnummer eller D-nummer (11 siffer)');
    await personNumber.fill('12345678901');
    await page.getByRole('button', { name: 'Send overføringen' }).click();
    await page.getByText('Fødselsnummeret er ikke gyldig (sjekk sifrene).').waitFor();
    expect(await personNumber.getAttribute('aria-invalid')).toBe('true');

    await personNumber.fill(patient.fodselsnummer);
    await page.getByLabel('Fornavn').fill(patient.name.given);
    await page.getByLabel('Etternavn').fill(patient.name.family);
    const first = page.getByRole('group', { name: 'Oppgave 1' });
    await first.getByLabel('Kategori', { exact: true }).selectOption({ label: 'Kontroll' });
    await first.getByLabel('Beskrivelse').fill('Kontroll av INR om én uke.');
    await page.getByRole('button', { name: 'Legg til oppgave' }).click();
    const second = page.getByRole('group', { name: 'Oppgave 2' });
    await second.getByLabel('Kategori', { exact: true }).selectOption({ label: 'Sykmelding' });
    await second.getByLabel('Prioritet').selectOption({ label: 'Haster' });
    await page.screenshot({ path: resolve(ARTIFACTS, 'coordinator-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send overføringen' }).click();

    const sent = page.getByRole('status').filter({ hasText: 'Overføringen er sendt: 2 oppgaver.' });
    await sent.waitFor();
    // The recipients' names are looked up after the answer: wait for both before counting.
    const recipients = sent.getByText('Mottaker: Kari Fastlege', { exact: false });
    await recipients.nth(1).waitFor();
    await expect(recipients.count()).resolves.toBe(2);

    // The GP has them, as a hospital system's hand-over would have put them there.
    const tasks = await tasksOf(stack, 'gp', patientId);
    expect(tasks.map((task) => task.category?.code).sort()).toEqual(['KONTROLL', 'SYKMELD']);
  });

  it('takes back a task the GP contested, which shows up without reloading', async () => {
    await page.getByRole('link', { name: 'Tilbake til overføringer' }).click();
    await page.getByRole('heading', { name: 'Overføringer', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: patient.name.full }).waitFor();

    const [kontroll] = (await tasksOf(stack, 'gp', patientId)).filter((task) => task.category?.code === 'KONTROLL');
    await gpContests(stack, kontroll, 'SYKEHUSETS-ANSVAR');

    const contested = page.getByRole('region', { name: 'Bestridte oppgaver som venter på sykehuset' }).getByRole('listitem').filter({ hasText: patient.name.full });
    await contested.waitFor({ timeout: 20_000 });
    await expect(contested.getByText('Sykehusets ansvar').count()).resolves.toBe(1);
    await contested.getByText('Bestridt av Kari Fastlege').waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'coordinator.png'), fullPage: true });

    await contested.getByRole('button', { name: 'Ta tilbake' }).click();
    await page.getByRole('status').filter({ hasText: 'Oppgaven er tatt tilbake av sykehuset.' }).waitFor();
    await contested.waitFor({ state: 'detached' });
    const stored = await callAs<{ task: TaskView }>(stack.api, 'coordinator', 'GET', `/api/tasks/${kontroll.id}`);
    expect(stored.body.task.contest?.resolution).toBe('taken-back');
  });

  it('re-assigns a contested task to another GP', async () => {
    const [sykmelding] = (await tasksOf(stack, 'gp', patientId)).filter((task) => task.category?.code === 'SYKMELD');
    await gpContests(stack, sykmelding, 'MANGLER-INFO');

    const contested = page.getByRole('region', { name: 'Bestridte oppgaver som venter på sykehuset' }).getByRole('listitem').filter({ hasText: patient.name.full });
    await contested.waitFor({ timeout: 20_000 });
    await contested.getByRole('button', { name: 'Send til annen fastlege' }).click();
    await contested.getByLabel('Legekontor').selectOption({ label: 'Åsane legesenter' });
    await contested.getByLabel('Fastlege').selectOption({ label: 'Ola Allmennlege' });
    await contested.locator('form').getByRole('button', { name: 'Send til annen fastlege' }).click();

    await page.getByRole('status').filter({ hasText: 'Oppgaven er sendt til den nye fastlegen.' }).waitFor();
    await contested.waitFor({ state: 'detached' });
    const forGp2 = await tasksOf(stack, 'gp2', patientId);
    expect(forGp2.map((task) => task.category?.code)).toEqual(['SYKMELD']);
  });

  it('lists the unit\'s hand-overs with how their tasks stand', async () => {
    const row = page.getByRole('row').filter({ hasText: patient.name.full });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    // Sent, patient, tasks, open, accepted, contested, completed, overdue, status.
    expect(cells[1]).toBe(patient.name.full);
    // Both tasks contested: one taken back, one sent on to another GP as a new task of that GP's (not this hand-over's).
    expect(cells.slice(2, 8)).toEqual(['2', '0', '0', '2', '0', '0']);
  });
});
