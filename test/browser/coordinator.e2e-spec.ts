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
    // Bro knows the patient (registered with Kari Fastlege): their name and GP show before sending, and no name is asked for.
    await page.getByTestId('handover-patient-name').filter({ hasText: patient.name.full }).waitFor();
    await page.getByTestId('handover-recipient-gp').filter({ hasText: 'Oppgavene går til fastlege Kari Fastlege' }).waitFor();
    const first = page.getByRole('group', { name: 'Oppgave 1' });
    await first.getByLabel('Kategori', { exact: true }).selectOption({ label: 'Kontroll' });
    await first.getByLabel('Beskrivelse').fill('Kontroll av INR om én uke.');
    await page.getByRole('button', { name: 'Legg til oppgave' }).click();
    const second = page.getByRole('group', { name: 'Oppgave 2' });
    await second.getByLabel('Kategori', { exact: true }).selectOption({ label: 'Sykmelding' });
    await second.getByLabel('Prioritet').selectOption({ label: 'Haster' });
    await second.getByLabel('Beskrivelse').fill('Forleng sykmeldingen ved behov.');
    await page.screenshot({ path: resolve(ARTIFACTS, 'coordinator-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send overføringen' }).click();

    const sent = page.getByRole('status').filter({ hasText: `Overføringen for ${patient.name.full} er sendt: 2 oppgaver.` });
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
    await contested.getByRole('combobox', { name: 'Fastlege eller legekontor' }).fill('Ola Allmenn');
    await contested.getByRole('option', { name: 'Ola Allmennlege, Åsane legesenter' }).click();
    await contested.locator('form').getByRole('button', { name: 'Send til annen fastlege' }).click();

    await page.getByRole('status').filter({ hasText: 'Oppgaven er sendt til den nye fastlegen.' }).waitFor();
    await contested.waitFor({ state: 'detached' });
    const forGp2 = await tasksOf(stack, 'gp2', patientId);
    expect(forGp2.map((task) => task.category?.code)).toEqual(['SYKMELD']);
  });

  it("lists the unit's hand-overs with the receiving GP, each task counted in one column", async () => {
    const row = page.getByRole('region', { name: 'Utskrivninger' }).getByRole('row').filter({ hasText: patient.name.full });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    // Sent, patient, GP, tasks, no GP, with the GP, accepted, contested, completed, cancelled, status.
    expect(cells[1]).toBe(patient.name.full);
    expect(cells[2]).toBe('Kari Fastlege (Sentrum legesenter)');
    // Both tasks contested: one taken back, one sent on to another GP as a new task of that GP's (not this hand-over's).
    expect(cells.slice(3, 10)).toEqual(['2', '0', '0', '0', '2', '0', '0']);
    expect(cells[10]).toBe('Bestridt');
  });

  it("finds the patient's hand-over by name or fødselsnummer", async () => {
    const list = page.getByRole('region', { name: 'Utskrivninger' });
    const search = list.getByRole('searchbox', { name: 'Finn pasient' });
    await search.fill(`${patient.name.family} ${patient.name.given.slice(0, 5).toLowerCase()}`);
    await search.press('Enter');
    await list.getByText(`1 utskrivning for «${patient.name.family} ${patient.name.given.slice(0, 5).toLowerCase()}»`).waitFor();
    await expect(list.locator('tbody tr').count()).resolves.toBe(1);
    await page.screenshot({ path: resolve(ARTIFACTS, 'coordinator-search.png'), fullPage: true });

    await search.fill(patient.fodselsnummer);
    await list.getByRole('button', { name: 'Søk', exact: true }).click();
    await list.getByText(`1 utskrivning for «${patient.fodselsnummer}»`).waitFor();
    await expect(list.locator('tbody tr').filter({ hasText: patient.name.full }).count()).resolves.toBe(1);

    await search.fill(`Ingen${patient.name.family}`);
    await search.press('Enter');
    await list.getByText(`Ingen utskrivninger fra enheten for «Ingen${patient.name.family}».`, { exact: false }).waitFor();
    await search.fill(patient.fodselsnummer);
    await search.press('Enter');
    await list.getByText(`1 utskrivning for «${patient.fodselsnummer}»`).waitFor();
  });

  it('opens the hand-over from its row, with each task and where it stands', async () => {
    const row = page.getByRole('region', { name: 'Utskrivninger' }).getByRole('row').filter({ hasText: patient.name.full });
    // Anywhere on the row opens it, not only the name.
    await row.getByRole('cell').nth(3).click();
    await page.getByRole('heading', { name: `Overføring for ${patient.name.full}`, level: 1 }).waitFor();
    const tasks = page.getByRole('region', { name: 'Oppgavene', exact: true });
    const kontroll = tasks.getByRole('row').filter({ hasText: 'Kontroll av INR' });
    const sykmelding = tasks.getByRole('row').filter({ hasText: 'Sykmelding' });
    await kontroll.getByText('Bestridt', { exact: true }).waitFor();
    await kontroll.getByText('tatt tilbake av sykehuset', { exact: false }).waitFor();
    await sykmelding.getByText('sendt til en annen fastlege', { exact: false }).waitFor();
    await page.getByText('Kari Fastlege (Sentrum legesenter)').first().waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'coordinator-handover.png'), fullPage: true });

    await page.getByRole('link', { name: 'Tilbake til overføringer' }).click();
    await page.getByRole('heading', { name: 'Overføringer', level: 1 }).waitFor();
  });
});
