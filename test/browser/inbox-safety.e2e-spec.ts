import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { Resource } from '@app/fhir';
import { callAs } from '../support/transfers';
import { waitFor } from '../support/wait-for';
import { ARTIFACTS, LiveBrowserStack, signIn, startLiveBrowserStack } from './browser-stack';
import { handOver, newRegisteredPatient, registerPatient } from './browser-handovers';

jest.setTimeout(90_000);

function patientIdOf(tasks: Resource[]): string {
  return String((tasks[0].for as { reference: string }).reference).replace('Patient/', '');
}

/** The inbox narrowed to one patient, as the link on the patient's name does: other tests' tasks stay out of the way. */
async function openPatient(page: Page, webUrl: string, patientId: string): Promise<void> {
  await page.goto(`${webUrl}/inbox?patient=${patientId}`);
  await page.getByRole('heading', { name: 'Innboks', level: 1 }).waitFor();
}

/** The tasks' ids in the order the rows stand on screen. */
function rowOrder(page: Page): Promise<string[]> {
  return page.locator('tbody tr[data-task-id]').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { taskId: string } }).dataset.taskId));
}

describe('the inbox holds still and asks before what cannot be undone (browser)', () => {
  let stack: LiveBrowserStack;
  let page: Page;

  beforeAll(async () => {
    stack = await startLiveBrowserStack();
    page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a hand-over arriving while the pointer is on a row moves no row, and offers "1 ny – vis"', async () => {
    const patient = newRegisteredPatient();
    const patientId = await registerPatient(stack.api, patient);
    const first = await handOver(stack.api, { patient, categories: ['KONTROLL', 'HENV-VIDERE'] });
    await openPatient(page, stack.web.url, patientId);
    await waitFor(async () => (await rowOrder(page)).length === 2, 'both tasks listed');
    const before = await rowOrder(page);
    const pointed = page.locator(`tbody tr[data-task-id="${before[0]}"]`);
    await pointed.hover();
    const box = (await pointed.boundingBox())!;
    const pointer = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

    // Due in two days, so the fresh list puts it first: above the row under the pointer.
    const since = await stack.ledgers.mark();
    const arrived = await handOver(stack.api, { patient, categories: ['LM-UTLEV'] });
    await page.getByRole('button', { name: '1 ny – vis' }).waitFor({ timeout: 20_000 });
    await stack.ledgers.allSettled({ since });

    expect(await rowOrder(page)).toEqual(before);
    // The row under the pointer is still the same task.
    const underPointer = await page.evaluate(({ x, y }) => {
      const doc = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { closest(selector: string): { getAttribute(name: string): string | null } | null } | null } }).document;
      return doc.elementFromPoint(x, y)?.closest('tr[data-task-id]')?.getAttribute('data-task-id');
    }, pointer);
    expect(underPointer).toBe(before[0]);
    await page.screenshot({ path: resolve(ARTIFACTS, 'inbox-held-rows.png'), fullPage: true });

    await page.getByRole('button', { name: '1 ny – vis' }).click();
    await waitFor(async () => (await rowOrder(page)).length === 3, 'the new task shown when asked for');
    expect((await rowOrder(page))[0]).toBe(arrived.tasks[0].id);
    expect(new Set(await rowOrder(page))).toEqual(new Set([...first.tasks.map((task) => task.id!), arrived.tasks[0].id!]));
    expect(await page.getByRole('button', { name: /ny – vis|nye – vis/ }).count()).toBe(0);
  });

  it('"Fullfør" asks first, and then says whose task was completed', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['SYKMELD'] });
    expect((await callAs(stack.api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/accept`, { version: 1 })).status).toBe(200);
    await openPatient(page, stack.web.url, patientIdOf(tasks));
    const row = page.getByRole('row').filter({ hasText: patientName }).first();
    await row.getByRole('button', { name: `Fullfør: Sykmelding, ${patientName}` }).click();

    const confirm = page.getByRole('group', { name: /^Fullføre oppgaven «Sykmelding» for / });
    await confirm.waitFor();
    // The first click sent nothing: the task is as it was.
    expect((await callAs<{ task: { status: string } }>(stack.api, 'gp', 'GET', `/api/tasks/${tasks[0].id}`)).body.task.status).toBe('accepted');
    await confirm.getByRole('button', { name: 'Nei, behold' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await callAs<{ task: { status: string } }>(stack.api, 'gp', 'GET', `/api/tasks/${tasks[0].id}`)).body.task.status).toBe('accepted');

    await row.getByRole('button', { name: `Fullfør: Sykmelding, ${patientName}` }).click();
    await page.screenshot({ path: resolve(ARTIFACTS, 'inbox-confirm-complete.png'), fullPage: true });
    await page.getByRole('button', { name: `Ja, fullfør: Sykmelding, ${patientName}` }).click();
    await page.getByRole('status').filter({ hasText: `Oppgaven for ${patientName} er fullført.` }).waitFor();
    // The GP's own action shows the list as it now is: the completed task has left the open ones.
    await page.getByText('Ingen oppgaver passer filtrene. Prøv «Nullstill filtre».').waitFor();
    expect((await callAs<{ task: { status: string } }>(stack.api, 'gp', 'GET', `/api/tasks/${tasks[0].id}`)).body.task.status).toBe('completed');
  });

  it('cancelling a task not yet accepted asks a contest reason, then a confirmation', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['PASREISE'] });
    await openPatient(page, stack.web.url, patientIdOf(tasks));
    await page.getByRole('row').filter({ hasText: patientName }).first().getByRole('button', { name: 'Flere valg' }).click();

    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Avbryt oppgaven' }) });
    const cancel = form.getByRole('button', { name: 'Avbryt oppgaven' });
    expect(await cancel.isDisabled()).toBe(true);
    await form.getByLabel('Årsak').selectOption({ label: 'Ikke medisinsk indisert' });
    await form.getByLabel('Forklaring').fill('Pasienten har egen transport.');
    await cancel.click();
    const confirm = form.getByRole('group', { name: /^Avbryte oppgaven «Pasientreise» for / });
    await confirm.waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'inbox-cancel-reason.png'), fullPage: true });
    await confirm.getByRole('button', { name: 'Ja, avbryt oppgaven' }).click();

    await page.getByRole('status').filter({ hasText: `Oppgaven for ${patientName} er avbrutt.` }).waitFor();
    const stored = await callAs<Resource>(stack.api, 'gp', 'GET', `/fhir/R4/Task/${tasks[0].id}`);
    expect(stored.body).toMatchObject({
      status: 'cancelled',
      statusReason: { coding: [{ system: 'urn:bro:contest-reason', code: 'IKKE-INDISERT' }], text: 'Pasienten har egen transport.' },
    });
    // The hospital's notification of it delivered before the worker stops.
    await stack.ledgers.allSettled();
  });
});
