import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { Resource } from '@app/fhir';
import { callAs } from '../support/transfers';
import { waitFor } from '../support/wait-for';
import { ARTIFACTS, LiveBrowserStack, signIn, startLiveBrowserStack } from './browser-stack';
import { handOver, newRegisteredPatient, registerPatient } from './browser-handovers';

jest.setTimeout(90_000);

/** A badge's number, as the GP reads it at the top of the inbox. */
async function badge(page: Page, key: string): Promise<number> {
  return Number(await page.getByTestId(`count-${key}`).textContent());
}

/** The inbox narrowed to one patient, as the link on the patient's name does: other tests' tasks stay out of the way. */
async function openPatient(page: Page, webUrl: string, patientId: string): Promise<void> {
  await page.goto(`${webUrl}/inbox?patient=${patientId}`);
  await page.getByRole('heading', { name: 'Innboks', level: 1 }).waitFor();
}

function patientIdOf(tasks: Resource[]): string {
  return String((tasks[0].for as { reference: string }).reference).replace('Patient/', '');
}

describe('the GP inbox (browser)', () => {
  let stack: LiveBrowserStack;
  let page: Page;

  /** The unread count the bell shows. */
  const unreadOnBell = async () => Number((await page.getByRole('button', { name: /^Varsler, / }).getAttribute('aria-label'))!.match(/(\d+) uleste/)?.[1] ?? 0);

  beforeAll(async () => {
    stack = await startLiveBrowserStack();
    page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('accepts a task and the badges count it', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['KONTROLL'] });
    await openPatient(page, stack.web.url, patientIdOf(tasks));
    const row = page.getByRole('row').filter({ hasText: patientName });
    await row.waitFor();
    const before = { requested: await badge(page, 'requested'), accepted: await badge(page, 'accepted'), open: await badge(page, 'open') };
    // The badges count the GP's whole inbox (the demo GP's list is shared by the run's tests): they read what the API counts.
    const counted = await callAs<{ open: number; byStatus: Record<string, number> }>(stack.api, 'gp', 'GET', '/api/inbox/counts');
    expect(before).toEqual({ requested: counted.body.byStatus.requested ?? 0, accepted: counted.body.byStatus.accepted ?? 0, open: counted.body.open });

    await row.getByRole('button', { name: `Aksepter: Kontroll, ${patientName}` }).click();

    await page.getByRole('status').filter({ hasText: `Oppgaven for ${patientName} er akseptert.` }).waitFor();
    await expect(row.getByText('Akseptert', { exact: true }).count()).resolves.toBe(1);
    await waitFor(async () => (await badge(page, 'requested')) === before.requested - 1, 'the "Ny" badge to count one less');
    expect(await badge(page, 'accepted')).toBe(before.accepted + 1);
    expect(await badge(page, 'open')).toBe(before.open);
    // Accepted tasks offer the next steps.
    await row.getByRole('button', { name: `Start: Kontroll, ${patientName}` }).waitFor();

    const stored = await callAs<{ task: { status: string } }>(stack.api, 'gp', 'GET', `/api/tasks/${tasks[0].id}`);
    expect(stored.body.task.status).toBe('accepted');
  });

  it('shows a task handed over while the inbox is open, and rings the bell', async () => {
    const patient = newRegisteredPatient();
    const patientId = await registerPatient(stack.api, patient);
    await openPatient(page, stack.web.url, patientId);
    await page.getByText('Ingen oppgaver passer filtrene. Prøv «Nullstill filtre».').waitFor();
    const bell = page.getByRole('button', { name: /^Varsler, / });
    // Earlier tests' notifications all stored and pushed, and the bell showing the count they make: the next one is the only change.
    await stack.ledgers.allSettled();
    const unread = async () => (await callAs<{ unread: number }>(stack.api, 'gp', 'GET', '/api/notifications')).body.unread;
    const unreadBefore = await unread();
    await waitFor(async () => (await unreadOnBell()) === unreadBefore, `the bell to show ${unreadBefore} unread`);

    const since = await stack.ledgers.mark();
    await handOver(stack.api, { patient, categories: ['SYKMELD'] });

    // No reload: the socket brings the notification, the list and the badge follow.
    const row = page.getByRole('row').filter({ hasText: patient.name.full });
    await row.waitFor({ timeout: 20_000 });
    await expect(row.getByText('Sykmelding', { exact: true }).count()).resolves.toBe(1);
    await page.getByRole('status').filter({ hasText: 'Ny oppgave mottatt – listen er oppdatert.' }).waitFor();
    await waitFor(async () => (await unreadOnBell()) === unreadBefore + 1, 'the bell to count the new notification');
    await stack.ledgers.allSettled({ since });
    expect(await unread()).toBe(unreadBefore + 1);
    expect(await unreadOnBell()).toBe(unreadBefore + 1);

    await bell.click();
    const panel = page.getByRole('region', { name: 'Varsler' });
    await panel.waitFor();
    expect(await panel.getByRole('button', { name: 'Merk som lest' }).count()).toBeGreaterThan(0);
    await panel.getByRole('button', { name: 'Merk alle som lest' }).click();
    await page.getByRole('button', { name: 'Varsler, ingen uleste' }).waitFor();
    expect(await panel.getByRole('button', { name: 'Merk som lest' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('contests a task with a reason; it leaves the open list and goes back to the hospital', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['REKV-UTR'] });
    await openPatient(page, stack.web.url, patientIdOf(tasks));
    const row = page.getByRole('row').filter({ hasText: patientName });
    await row.getByRole('button', { name: 'Flere valg' }).click();

    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Send tilbake', exact: true }) });
    await form.getByLabel('Årsak').selectOption({ label: 'Sykehusets ansvar' });
    await form.getByLabel('Forklaring').fill('CT thorax hører til sykehusets utredning.');
    await form.getByRole('button', { name: 'Send tilbake', exact: true }).click();

    await page.getByRole('status').filter({ hasText: `Oppgaven for ${patientName} er sendt tilbake til sykehuset.` }).waitFor();
    await page.getByText('Ingen oppgaver passer filtrene. Prøv «Nullstill filtre».').waitFor();
    const stored = await callAs<{ task: { status: string; contest: { reason: string; resolution: string } } }>(stack.api, 'gp', 'GET', `/api/tasks/${tasks[0].id}`);
    expect(stored.body.task).toMatchObject({ status: 'rejected', contest: { reason: 'SYKEHUSETS-ANSVAR', resolution: 'awaiting-hospital' } });
  });

  it('accepts several tasks at once', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['RESEPT-NY', 'PASREISE'] });
    await openPatient(page, stack.web.url, patientIdOf(tasks));
    await page.getByRole('checkbox', { name: `Velg oppgaven Ny resept eller doseendring for ${patientName}` }).check();
    await page.getByRole('checkbox', { name: `Velg oppgaven Pasientreise for ${patientName}` }).check();
    await page.getByRole('button', { name: 'Aksepter valgte (2)' }).click();
    await page.getByRole('status').filter({ hasText: '2 akseptert' }).waitFor();
    await waitFor(async () => (await page.getByRole('row').filter({ hasText: patientName }).getByText('Akseptert', { exact: true }).count()) === 2, 'both tasks to show as accepted');
  });

  it('filters by category and due date, and clears the filters', async () => {
    await page.goto(`${stack.web.url}/inbox`);
    await page.getByLabel('Kategori', { exact: true }).selectOption({ label: 'Sykmelding' });
    await page.waitForURL(/category=SYKMELD/);
    await waitFor(async () => {
      const categories = await page.locator('tbody tr[data-task-id] td:nth-child(3)').allTextContents();
      return categories.length > 0 && categories.every((category) => category === 'Sykmelding');
    }, 'only sick-leave tasks listed');

    await page.getByRole('button', { name: /^Frist innen 7 dager/ }).click();
    await page.waitForURL(/due=this-week/);
    await page.getByRole('button', { name: 'Nullstill filtre' }).click();
    await page.waitForURL(`${stack.web.url}/inbox`);
    await page.getByRole('button', { name: /^Åpne/, pressed: true }).waitFor();
    await page.locator('tbody tr[data-task-id]').first().waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'inbox.png'), fullPage: true });
  });
});
