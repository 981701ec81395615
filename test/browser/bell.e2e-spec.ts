import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { Resource } from '@app/fhir';
import { demoUnit } from '../support/test-directory';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, hasFocus, LiveBrowserStack, signIn, startLiveBrowserStack } from './browser-stack';
import { handOver } from './browser-handovers';

jest.setTimeout(90_000);

/** A ward of the demo unit, named, made for this file: its notifications are the file's alone, and the coordinator acts for it. */
async function newWard(stack: BrowserStack, name: string): Promise<string> {
  const created = await callAs<Resource>(stack.api, 'ehr', 'POST', '/fhir/R4/Organization', { resourceType: 'Organization', active: true, name, partOf: { reference: demoUnit() } });
  if (created.status !== 201) throw new Error(`ward not created: ${created.status}`);
  return `Organization/${created.body.id}`;
}

const suffix = () => Math.random().toString(36).slice(2, 8);

describe('the bell (browser)', () => {
  let stack: LiveBrowserStack;
  let page: Page;

  const bellButton = () => page.getByRole('button', { name: /^Varsler, / });
  const panel = () => page.getByRole('region', { name: 'Varsler' });

  /** Opens the bell fresh, so it shows what the API holds now. */
  async function openBell(target: Page = page): Promise<void> {
    await target.reload();
    await target.getByRole('navigation', { name: 'Hovedmeny' }).waitFor();
    await target.getByRole('button', { name: /^Varsler, / }).click();
    await target.getByRole('region', { name: 'Varsler' }).waitFor();
  }

  beforeAll(async () => {
    stack = await startLiveBrowserStack();
    page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows many new tasks from one unit as one line', async () => {
    const wardName = `Sengepost Bjelle ${suffix()}`;
    const ward = await newWard(stack, wardName);
    const since = await stack.ledgers.mark();
    await handOver(stack.api, { requester: ward, categories: ['PROVESVAR', 'SYKMELD', 'PASREISE'] });
    await stack.ledgers.allSettled({ since });

    await openBell();
    const group = panel().getByTestId('bell-group').filter({ hasText: `3 nye oppgaver fra ${wardName}` });
    await group.waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'bell-groups.png') });
    await group.getByRole('button', { name: `Merk som lest: 3 nye oppgaver fra ${wardName}` }).click();
    await group.waitFor({ state: 'detached' });
  });

  it('names the patient, shows dates as dates, and opens the task', async () => {
    const ward = await newWard(stack, `Sengepost Bjelle ${suffix()}`);
    const since = await stack.ledgers.mark();
    const { patientName, tasks } = await handOver(stack.api, { requester: ward, categories: ['KONTROLL'] });
    await stack.ledgers.allSettled({ since });

    await openBell();
    const item = panel().getByRole('listitem').filter({ hasText: patientName });
    await item.waitFor();
    expect(await item.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // "Frist 3. jan. 2027": a Norwegian date, in Oslo time.
    expect(await item.textContent()).toMatch(/Frist\s\d{1,2}\.\s\p{L}+\.?\s\d{4}\./u);
    await item.getByRole('link', { name: `Åpne: Ny oppgave – Kontroll, ${patientName}` }).click();

    await page.waitForURL(new RegExp(`/inbox\\?patient=.+&task=${tasks[0].id}$`));
    await panel().waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-task-id="${tasks[0].id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(patientName);
    // Opened up: its details and history below the row.
    await page.locator(`#panel-${tasks[0].id}`).getByRole('heading', { name: 'Detaljer' }).waitFor();
  });

  it('closes on Escape and gives the keyboard back to the bell button', async () => {
    await page.goto(`${stack.web.url}/inbox`);
    await bellButton().focus();
    await page.keyboard.press('Enter');
    await panel().waitFor();
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    expect(await hasFocus(bellButton())).toBe(true);
  });

  it("shows the coordinator the patient and the GP's explanation of a contest", async () => {
    const ward = await newWard(stack, `Sengepost Bjelle ${suffix()}`);
    const { patientName, tasks } = await handOver(stack.api, { requester: ward, categories: ['REKV-UTR'] });
    const explanation = 'MR caput bestilles av nevrologen, jf. epikrisen.';
    // The demo coordinator has read what earlier tests sent it, so this contest stands alone instead of in a group.
    expect((await callAs(stack.api, 'coordinator', 'POST', '/api/notifications/read-all', {})).status).toBeLessThan(300);
    const since = await stack.ledgers.mark();
    const contested = await callAs(stack.api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/contest`, { version: 1, reason: 'SYKEHUSETS-ANSVAR', text: explanation });
    expect(contested.status).toBe(200);
    await stack.ledgers.allSettled({ since });

    const coordinator = await stack.newPage();
    await signIn(coordinator, stack.web.url, 'coordinator');
    await openBell(coordinator);
    const item = coordinator.getByRole('region', { name: 'Varsler' }).getByRole('listitem').filter({ hasText: patientName });
    await item.waitFor();
    expect(await item.textContent()).toContain('Oppgave bestridt – Rekvirering av utredning');
    expect(await item.textContent()).toContain('Årsak: Sykehusets ansvar.');
    expect(await item.textContent()).toContain(`Forklaring: «${explanation}»`);
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'bell-coordinator.png') });

    await item.getByRole('link', { name: new RegExp(`^Åpne: Oppgave bestridt – .*, ${patientName}$`) }).click();
    await coordinator.waitForURL(new RegExp(`/handovers\\?task=${tasks[0].id}$`));
    await coordinator.locator(`li.opened[data-task-id="${tasks[0].id}"]`).waitFor();
  });
});
