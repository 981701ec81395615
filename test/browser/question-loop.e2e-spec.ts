import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { Resource } from '@app/fhir';
import { callAs } from '../support/transfers';
import { waitFor } from '../support/wait-for';
import { ARTIFACTS, LiveBrowserStack, signIn, startLiveBrowserStack } from './browser-stack';
import { handOver } from './browser-handovers';

jest.setTimeout(120_000);

/**
 * "Be om informasjon" as the two people do it: the GP asks about a task in the inbox; the coordinator finds the
 * question under "Spørsmål fra fastlege" and answers it; the GP, without reloading, has the answer in the
 * task's history, the task back in progress and a notification.
 */
describe('the question loop between GP and coordinator (browser)', () => {
  let stack: LiveBrowserStack;
  let gp: Page;
  let coordinator: Page;

  beforeAll(async () => {
    stack = await startLiveBrowserStack();
    gp = await stack.newPage();
    await signIn(gp, stack.web.url, 'gp');
    coordinator = await stack.newPage();
    await signIn(coordinator, stack.web.url, 'coordinator');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('asks, answers, and brings the task back to the GP', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['KONTROLL'], descriptions: ['Kontroll av INR om én uke.'] });
    const task = tasks[0] as Resource;
    const accepted = await callAs(stack.api, 'gp', 'POST', `/api/tasks/${task.id}/accept`, { version: Number(task.meta!.versionId) });
    expect(accepted.status).toBe(200);
    const patientId = String((task.for as { reference: string }).reference).replace('Patient/', '');

    // The GP opens the task and asks the hospital.
    await gp.goto(`${stack.web.url}/inbox?patient=${patientId}`);
    const row = gp.getByRole('row').filter({ hasText: patientName });
    await row.getByRole('button', { name: 'Flere valg' }).click();
    const form = gp.locator('form').filter({ has: gp.getByRole('heading', { name: 'Be om informasjon' }) });
    await form.getByLabel('Hva trenger du å vite?').fill('Hvilket INR-mål gjelder, og hvem doserer Marevan til kontrollen?');
    // The demo coordinator has read what earlier tests sent it, so this question stands alone in the bell instead of in a group.
    expect((await callAs(stack.api, 'coordinator', 'POST', '/api/notifications/read-all', {})).status).toBeLessThan(300);
    await form.getByRole('button', { name: 'Send' }).click();
    await gp.getByRole('status').filter({ hasText: `Spørsmålet om oppgaven for ${patientName} er sendt` }).waitFor();
    await row.getByText('På vent', { exact: true }).waitFor();
    const history = gp.getByTestId('task-history');
    await history.getByText('Spørsmål til sykehuset').waitFor();
    await gp.getByText('Venter på svar fra sykehuset').waitFor();
    await gp.screenshot({ path: resolve(ARTIFACTS, 'question-loop-gp-asks.png'), fullPage: true });

    // The coordinator has it under "Spørsmål fra fastlege", live: patient, task, question, who asked.
    await coordinator.getByRole('heading', { name: 'Overføringer', level: 1 }).waitFor();
    const questions = coordinator.getByRole('region', { name: 'Spørsmål fra fastlege' });
    const item = questions.getByTestId('open-questions').getByRole('listitem').filter({ hasText: patientName });
    await item.waitFor({ timeout: 20_000 });
    await item.getByText('«Hvilket INR-mål gjelder, og hvem doserer Marevan til kontrollen?»').waitFor();
    await item.getByText(/^Spurt av Kari Fastlege, /).waitFor();
    await item.getByText('Kontroll', { exact: true }).waitFor();
    await item.getByText('Fastlegen venter på svar').waitFor();
    await item.getByRole('button', { name: 'Vis historikk' }).click();
    await item.getByTestId('coordinator-task-history').getByText('Pågår → På vent').waitFor();
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'question-loop-coordinator.png'), fullPage: true });

    // The coordinator's bell says what the GP asked.
    await coordinator.getByRole('button', { name: /^Varsler, / }).click();
    const coordinatorBell = coordinator.getByRole('region', { name: 'Varsler' });
    await coordinatorBell.getByText('Fastlegen venter på informasjon – Kontroll').first().waitFor();
    await coordinatorBell.getByText('Spørsmål: «Hvilket INR-mål gjelder, og hvem doserer Marevan til kontrollen?»').waitFor();
    await coordinator.keyboard.press('Escape');

    const since = await stack.ledgers.mark();
    await item.getByLabel('Svar til fastlegen').fill('INR-mål 2–3. Fastlegen doserer fra i dag; sykehuset har gitt dose til og med i morgen.');
    await item.getByRole('button', { name: 'Send svar' }).click();
    await coordinator.getByRole('status').filter({ hasText: 'Svaret er sendt. Oppgaven er tilbake hos fastlegen.' }).waitFor();
    await item.waitFor({ state: 'detached' });
    await questions.getByText('Nylig besvart', { exact: true }).click();
    const answeredItem = questions.getByTestId('answered-questions').getByRole('listitem').filter({ hasText: patientName });
    await answeredItem.getByText(/^Besvart av Siri Koordinator, /).waitFor();
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'question-loop-coordinator-answered.png'), fullPage: true });

    // The GP, without reloading: the task back in progress, the answer in its history, a notification.
    await row.getByText('Pågår', { exact: true }).waitFor({ timeout: 20_000 });
    await history.getByText('Svar fra sykehuset').waitFor();
    await history.getByText('INR-mål 2–3. Fastlegen doserer fra i dag; sykehuset har gitt dose til og med i morgen.').waitFor();
    await history.getByText('fra Siri Koordinator').waitFor();
    await history.getByText(/På vent → Pågår/).waitFor();
    expect(await gp.getByText('Venter på svar fra sykehuset').count()).toBe(0);
    await stack.ledgers.allSettled({ since });
    await gp.getByRole('button', { name: /^Varsler, / }).click();
    const gpBell = gp.getByRole('region', { name: 'Varsler' });
    await gpBell.getByText('Sykehuset har svart – Kontroll').first().waitFor();
    await gp.screenshot({ path: resolve(ARTIFACTS, 'question-loop-gp-answered.png'), fullPage: true });
    await gp.keyboard.press('Escape');

    const stored = await callAs<{ task: { status: string } }>(stack.api, 'gp', 'GET', `/api/tasks/${task.id}`);
    expect(stored.body.task.status).toBe('in-progress');
    await waitFor(async () => (await gp.getByTestId('task-history').locator('li').count()) >= 5, 'the whole history');
  });
});
