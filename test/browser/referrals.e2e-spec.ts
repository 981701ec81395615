import { resolve } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { Resource } from '@app/fhir';
import type { ReferralPage, ReferralSummary, TriageCaseDetail } from '@app/fhir/api/referral-answers';
import { ReferralWorld, enterReferralWorld, leaveReferralWorld, rejectReferral, sendReferral } from '../referrals/referral-api-fixtures';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, hasFocus, signIn, startBrowserStack } from './browser-stack';
import { newRegisteredPatient, registerPatient } from './browser-handovers';

jest.setTimeout(180_000);

const REASON_FOR_REFERRAL = 'Langvarig depresjon og søvnvansker; ønsker vurdering ved DPS.';
const REJECTION_TEXT = 'Tilstanden kan følges opp i kommunen.';
const OUTCOME_TEXT = 'Rask psykisk helsehjelp, Bergen kommune';

/**
 * The form controls on the page that a screen reader would announce without a name (no <label>, no
 * aria-label or aria-labelledby, no text): none may be left. The app's other browser tests find every
 * control by its role and name, which fails on the same problem; this says which control it is.
 */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('input, select, textarea, button, [role="tab"]')]
    .filter((element) => element.type !== 'hidden' && !element.closest('details:not([open])'))
    .filter((element) => !(element.labels && element.labels.length) && !element.getAttribute('aria-label') && !element.getAttribute('aria-labelledby') && !element.textContent.trim())
    .map((element) => element.outerHTML.slice(0, 120))`);
}

/** The referral as `user` reads it through the API. */
async function referralAs(stack: BrowserStack, user: 'gp' | 'coordinator', patientName: string): Promise<ReferralSummary> {
  const page = await callAs<ReferralPage>(stack.api, user, 'GET', '/api/referrals?pageSize=100');
  expect(page.status).toBe(200);
  const mine = page.body.referrals.filter((referral) => referral.patient?.name === patientName);
  expect(mine).toHaveLength(1);
  return mine[0];
}

/** The queue's row of this test's patient, paging on ("Neste") while it is not on the page shown. */
async function queueRow(page: Page, patientName: string): Promise<Locator> {
  const panel = page.getByRole('tabpanel');
  const row = panel.locator('tr', { has: page.getByRole('link', { name: `Åpne saken til ${patientName}` }) });
  await panel.locator('tbody tr').first().waitFor();
  for (let shown = 1; !(await row.count()); shown++) {
    const next = panel.getByRole('button', { name: 'Neste' });
    if (!(await next.count()) || (await next.isDisabled())) throw new Error(`${patientName} is not in the queue`);
    await next.click();
    await panel.getByText(new RegExp(`^Side ${shown + 1} av `)).waitFor();
    await panel.locator('tbody tr').first().waitFor();
  }
  return row;
}

/**
 * A referral through the web app, end to end: the GP sends it, the hospital unit rejects it with a reason,
 * the routing rule sends the patient to a low-threshold service, whose staff take the case from the queue,
 * record a contact attempt and an outcome; the GP follows every step on "Mine henvisninger".
 */
describe('referrals and the low-threshold service (browser)', () => {
  let stack: BrowserStack;
  let world: ReferralWorld | undefined;
  let gp: Page;
  let coordinator: Page;
  let lowThreshold: Page;
  let unitName: string;
  let patientName: string;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    // Rejections from this file's own unit route to its own service, with a one-day triage deadline, so
    // its case sorts among the first in the shared queue.
    world = await enterReferralWorld(stack.api, (unit, service) => [{ id: `nettleser-${unit.split('/')[1]}`.slice(0, 64), hospitalUnits: [unit], routeTo: service, triageWorkingDays: 1 }]);
    // The GP's picker lists hospital units by their directory type, as the seeded ones have it.
    const unit = await callAs<Resource>(stack.api, 'ehr', 'GET', `/fhir/R4/${world.unit}`);
    const typed = await callAs<Resource>(stack.api, 'ehr', 'PUT', `/fhir/R4/${world.unit}`, {
      ...unit.body,
      type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'hospital-unit' }] }],
    });
    expect(typed.status).toBe(200);
    unitName = unit.body.name as string;
    const patient = newRegisteredPatient();
    await registerPatient(stack.api, patient, 'gp');
    patientName = patient.name.full;
  });
  afterAll(async () => {
    if (stack) await leaveReferralWorld(stack.api, world);
    await stack?.close();
  });

  it('the GP sends a referral from "Mine henvisninger"', async () => {
    gp = await stack.newPage();
    await signIn(gp, stack.web.url, 'gp');
    await gp.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Henvisninger' }).click();
    await gp.getByRole('heading', { name: 'Mine henvisninger', level: 1 }).waitFor();

    await gp.getByRole('heading', { name: 'Ny henvisning', level: 2 }).click();
    await gp.getByLabel('Finn pasient').fill(patientName);
    await gp.getByRole('button', { name: 'Søk', exact: true }).click();
    // One match: chosen at once.
    const patient = gp.getByLabel('Pasient', { exact: true });
    await patient.waitFor();
    expect(await patient.locator('option:checked').textContent()).toContain(patientName);
    await gp.getByLabel('Sykehusavdeling').selectOption({ label: unitName });
    await gp.getByLabel('Hva ønsker du vurdert?').fill(REASON_FOR_REFERRAL);
    await gp.getByLabel('Haster').check();
    expect(await unnamedControls(gp)).toEqual([]);
    await gp.screenshot({ path: resolve(ARTIFACTS, 'referral-send.png'), fullPage: true });
    await gp.getByRole('button', { name: 'Send henvisningen' }).click();
    await gp.getByRole('status').filter({ hasText: 'Henvisningen er sendt.' }).waitFor();

    const card = gp.getByTestId('referrals-sent').getByRole('article', { name: patientName });
    await card.locator('header').getByText('Sendt', { exact: true }).waitFor();
    await card.getByText('Ikke besvart ennå').waitFor();
    const sent = await referralAs(stack, 'gp', patientName);
    expect(sent).toMatchObject({ status: 'requested', urgent: true, patientObjectsToContact: false, reasonText: REASON_FOR_REFERRAL, hospitalUnit: { reference: world!.unit } });
    expect(sent.assessmentOverdue).toBe(false);
  });

  it('the hospital unit rejects it with a reason, and the GP sees where the patient went', async () => {
    coordinator = await stack.newPage();
    await signIn(coordinator, stack.web.url, 'coordinator', '/referrals');
    await coordinator.getByRole('heading', { name: 'Mottatte henvisninger', level: 1 }).waitFor();
    const card = coordinator.getByTestId('referrals-received').getByRole('article', { name: patientName });
    await card.waitFor();
    await card.getByText(REASON_FOR_REFERRAL).waitFor();
    await card.getByText('Svar på henvisningen').click();
    await card.getByLabel('Svar (Volven 9148)').selectOption({ label: '4 – Avslått' });
    await card.getByLabel('Begrunnelse for avslag').selectOption({ label: 'Annet' });
    // "Annet" says why: the answer is not sent until there is an explanation.
    const send = card.getByRole('button', { name: 'Send svaret' });
    expect(await send.isDisabled()).toBe(true);
    await card.getByLabel('Begrunnelse for avslag').selectOption({ label: 'Hører hjemme i primærhelsetjenesten' });
    await card.getByLabel('Forklaring').fill(REJECTION_TEXT);
    expect(await unnamedControls(coordinator)).toEqual([]);
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'referral-reject.png'), fullPage: true });
    await send.click();
    await coordinator.getByRole('status').filter({ hasText: 'Svaret er sendt til fastlegen.' }).waitFor();
    await card.getByText('Avslått', { exact: true }).waitFor();

    const rejected = await referralAs(stack, 'coordinator', patientName);
    expect(rejected).toMatchObject({ status: 'rejected', answer: { code: '4' }, rejection: { reason: 'PRIMAERHELSETJENESTE', text: REJECTION_TEXT } });
    expect(rejected.triage).toMatchObject({ status: 'requested', service: { reference: world!.service } });

    // The GP's page follows by itself (the GP is notified of the rejection and the routing).
    const gpCard = gp.getByTestId('referrals-sent').getByRole('article', { name: patientName });
    await gpCard.getByTestId('referral-rejection').filter({ hasText: `Hører hjemme i primærhelsetjenesten – ${REJECTION_TEXT}` }).waitFor({ timeout: 20_000 });
    await gpCard.getByTestId('referral-answer').filter({ hasText: 'Avslått' }).waitFor();
    await gpCard.getByTestId('referral-triage').filter({ hasText: /^I køen hos Lavterskel psykisk helse / }).waitFor();
  });

  it('the low-threshold service takes the case from its queue, records a contact attempt and the outcome', async () => {
    lowThreshold = await stack.newPage();
    await signIn(lowThreshold, stack.web.url, 'lowthreshold');
    await lowThreshold.getByRole('heading', { name: 'Lavterskelkø', level: 1 }).waitFor();
    expect(await lowThreshold.getByRole('tab', { name: 'Åpne' }).getAttribute('aria-selected')).toBe('true');
    const row = await queueRow(lowThreshold, patientName);
    await row.getByText('Haster').waitFor();
    await row.getByText('Hører hjemme i primærhelsetjenesten').waitFor();
    await row.getByText('Ledig').waitFor();
    expect(await unnamedControls(lowThreshold)).toEqual([]);
    await lowThreshold.screenshot({ path: resolve(ARTIFACTS, 'lowthreshold-queue.png'), fullPage: true });

    await row.getByRole('button', { name: `Ta saken til ${patientName}` }).click();
    await lowThreshold.getByRole('heading', { name: `Sak: ${patientName}`, level: 1 }).waitFor();
    await lowThreshold.getByTestId('case-referral-reason').filter({ hasText: REASON_FOR_REFERRAL }).waitFor();
    await lowThreshold.getByTestId('case-rejection').filter({ hasText: `Hører hjemme i primærhelsetjenesten – ${REJECTION_TEXT}` }).waitFor();
    await lowThreshold.getByText('Ingen kontaktforsøk ennå.', { exact: false }).waitFor();
    // The GP sees who has the case (on the next look: a claim is no news worth a notification).
    await gp.reload();
    await gp
      .getByTestId('referrals-sent')
      .getByRole('article', { name: patientName })
      .getByTestId('referral-triage')
      .filter({ hasText: /^Tatt av Liv Lavterskel hos Lavterskel psykisk helse .*, frist / })
      .waitFor();

    // "Fikk ikke kontakt" needs a recorded attempt first.
    const outcome = lowThreshold.getByLabel('Utfall', { exact: true });
    await outcome.selectOption({ label: 'Fikk ikke kontakt' });
    await lowThreshold.getByText('Registrer minst ett kontaktforsøk før du velger «Fikk ikke kontakt».').waitFor();
    expect(await lowThreshold.getByRole('button', { name: 'Lukk saken med utfallet' }).isDisabled()).toBe(true);

    await lowThreshold.getByLabel('Resultat').selectOption({ label: 'Fikk kontakt' });
    await lowThreshold.getByLabel('Notat').fill('Snakket med pasienten, ønsker samtaletilbud.');
    await lowThreshold.getByRole('button', { name: 'Registrer kontaktforsøk' }).click();
    await lowThreshold.getByRole('status').filter({ hasText: 'Kontaktforsøket er registrert.' }).waitFor();
    const log = lowThreshold.getByRole('region', { name: 'Kontaktlogg' });
    await log.getByRole('listitem').filter({ hasText: 'Fikk kontakt' }).filter({ hasText: 'Snakket med pasienten, ønsker samtaletilbud.' }).waitFor();

    await outcome.selectOption({ label: 'Tilbudt kommunalt tilbud' });
    const save = lowThreshold.getByRole('button', { name: 'Lukk saken med utfallet' });
    // Which service: required for this outcome.
    expect(await save.isDisabled()).toBe(true);
    await lowThreshold.getByLabel('Hvilket tilbud eller hvor').fill(OUTCOME_TEXT);
    expect(await unnamedControls(lowThreshold)).toEqual([]);
    await lowThreshold.screenshot({ path: resolve(ARTIFACTS, 'lowthreshold-case.png'), fullPage: true });
    await save.click();
    await lowThreshold.getByRole('status').filter({ hasText: 'Utfallet er registrert, og fastlegen er varslet.' }).waitFor();
    await lowThreshold.getByTestId('case-outcome').filter({ hasText: `Tilbudt kommunalt tilbud – ${OUTCOME_TEXT}` }).waitFor();

    const { triage } = await referralAs(stack, 'gp', patientName);
    const detail = await callAs<TriageCaseDetail>(stack.api, 'lowthreshold', 'GET', `/api/lowthreshold/cases/${triage!.taskId}`);
    expect(detail.body.case).toMatchObject({ status: 'completed', outcome: { code: 'KOMMUNALT-TILBUD', text: OUTCOME_TEXT }, contactAttempts: 1 });
    expect(detail.body.contactAttempts).toEqual([expect.objectContaining({ result: 'reached', note: 'Snakket med pasienten, ønsker samtaletilbud.' })]);
  });

  it('the closed case is under "Avsluttede", reached from the keyboard', async () => {
    await lowThreshold.getByRole('link', { name: 'Tilbake til køen' }).click();
    const open = lowThreshold.getByRole('tab', { name: 'Åpne' });
    await open.focus();
    await lowThreshold.keyboard.press('ArrowLeft');
    const closed = lowThreshold.getByRole('tab', { name: 'Avsluttede' });
    expect(await closed.getAttribute('aria-selected')).toBe('true');
    expect(await hasFocus(closed)).toBe(true);
    await lowThreshold.waitForURL(/state=closed/);
    const row = await queueRow(lowThreshold, patientName);
    await row.getByText('Tilbudt kommunalt tilbud').waitFor();
  });

  it('tells the GP when a rejection went nowhere because the patient objected, and lets the GP withdraw an open referral', async () => {
    const objecting = newRegisteredPatient();
    const withdrawing = newRegisteredPatient();
    const objected = await sendReferral(stack.api, await registerPatient(stack.api, objecting, 'gp'), world!.unit, { patientObjectsToContact: true });
    expect((await rejectReferral(stack.api, objected)).triage).toBeUndefined();
    await sendReferral(stack.api, await registerPatient(stack.api, withdrawing, 'gp'), world!.unit);

    await gp.reload();
    const objectedCard = gp.getByTestId('referrals-sent').getByRole('article', { name: objecting.name.full });
    await objectedCard.getByTestId('referral-triage').filter({ hasText: 'Ikke sendt videre: pasienten ønsket ikke å bli kontaktet av lavterskeltilbudet.' }).waitFor();
    // A rejected referral is closed: nothing to withdraw.
    expect(await objectedCard.getByText('Trekk tilbake henvisningen').count()).toBe(0);

    const open = gp.getByTestId('referrals-sent').getByRole('article', { name: withdrawing.name.full });
    await open.getByText('Trekk tilbake henvisningen').click();
    await open.getByRole('button', { name: 'Trekk tilbake', exact: true }).click();
    await gp.getByRole('status').filter({ hasText: 'Henvisningen er trukket tilbake.' }).waitFor();
    await open.locator('header').getByText('Trukket tilbake', { exact: true }).waitFor();
    expect((await referralAs(stack, 'gp', withdrawing.name.full)).status).toBe('cancelled');
  });

  it('the GP sees the outcome on "Mine henvisninger", in both languages', async () => {
    const card = gp.getByTestId('referrals-sent').getByRole('article', { name: patientName });
    // Live: the GP is notified of the outcome, and the page reloads its list.
    await card.getByTestId('referral-triage').filter({ hasText: `Utfall: Tilbudt kommunalt tilbud – ${OUTCOME_TEXT}` }).waitFor({ timeout: 20_000 });
    expect(await unnamedControls(gp)).toEqual([]);
    await gp.screenshot({ path: resolve(ARTIFACTS, 'referral-gp-outcome.png'), fullPage: true });
    const { triage } = await referralAs(stack, 'gp', patientName);
    expect(triage).toMatchObject({ status: 'completed', outcome: { code: 'KOMMUNALT-TILBUD', text: OUTCOME_TEXT } });

    await gp.getByLabel('Språk').selectOption('en');
    await gp.getByRole('heading', { name: 'My referrals', level: 1 }).waitFor();
    await card.getByTestId('referral-triage').filter({ hasText: `Outcome: Offered a municipal service – ${OUTCOME_TEXT}` }).waitFor();
    await card.getByTestId('referral-rejection').filter({ hasText: 'Belongs to primary care' }).waitFor();
    await gp.screenshot({ path: resolve(ARTIFACTS, 'referral-gp-outcome-english.png'), fullPage: true });
    await gp.getByLabel('Language').selectOption('nb');
  });
});
