import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import type { ConsultationPage, ConsultationSummary, ConsultationTimes } from '@app/fhir/api/consultation-answers';
import { Resource } from '@app/fhir';
import { BoardScope } from '@app/fhir/board/board-metrics';
import type { ConsultationBoardPanel } from '@app/fhir/consultations/consultation-board-panel';
import { BoardSnapshotService } from '../../apps/api/src/board/board-snapshot.service';
import { demoUnit, testDirectory } from '../support/test-directory';
import { callAs } from '../support/transfers';
import { waitFor } from '../support/wait-for';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { handOver } from './browser-handovers';

jest.setTimeout(120_000);

/** The consultations of a list as the API gives them to `user`, this test's patient's only. */
async function listed(stack: BrowserStack, user: 'coordinator' | 'gp', list: string, patientName: string) {
  const answer = await callAs<ConsultationPage>(stack.api, user, 'GET', `/api/consultations?list=${list}&pageSize=100`);
  expect(answer.status).toBe(200);
  return answer.body.consultations.filter((consultation) => consultation.patient?.name === patientName);
}

const DAY = 86_400_000;

/** The demo unit's hospital doctors, whose seeded calendars the planner searches. */
async function hospitalDoctors(stack: BrowserStack): Promise<string[]> {
  const fhir = await stack.api.fhirClient('ehr');
  const bundle = (await fhir.search({ resourceType: 'PractitionerRole', searchParams: { organization: demoUnit(), role: 'urn:bro:practitioner-role|hospital-doctor' } } as never)) as {
    entry?: Array<{ resource: Resource }>;
  };
  return (bundle.entry ?? []).map((entry) => `PractitionerRole/${entry.resource.id}`);
}

/**
 * A consultation through the API as the web app would: a discharge, the first free time of a hospital doctor
 * and the demo GP, proposed by the coordinator and (when `accept`) accepted by the GP, which books it.
 */
async function consultationThroughTheApi(stack: BrowserStack, doctor: string, accept: boolean): Promise<{ id: string; patientName: string }> {
  const { tasks, patientName } = await handOver(stack.api, { gp: 'gp', categories: ['KONTROLL'] });
  const encounterId = String((tasks[0].encounter as { reference: string }).reference).split('/')[1];
  const from = new Date(Date.now() + DAY);
  const practitioners = `${doctor},${testDirectory().demoPractitionerRoles.gp}`;
  const times = await callAs<ConsultationTimes>(stack.api, 'coordinator', 'GET', `/api/consultations/times?practitioner=${practitioners}&start=${from.toISOString()}&end=${new Date(from.getTime() + 14 * DAY).toISOString()}&minutesDuration=30&count=1`);
  expect(times.body.options).toHaveLength(1);
  const proposed = await callAs<{ consultation: ConsultationSummary }>(stack.api, 'coordinator', 'POST', '/api/consultations', {
    encounterId, hospitalDoctor: doctor, patientAttends: false, minutesDuration: 30, options: times.body.options, description: 'Video: https://video.helse-bergen.example/rom/oppsett',
  });
  expect(proposed.status).toBe(201);
  const id = proposed.body.consultation.id;
  if (!accept) return { id, patientName };
  const accepted = await callAs<{ consultation: ConsultationSummary }>(stack.api, 'gp', 'POST', `/api/consultations/${id}/answer`, { answer: 'accept', option: times.body.options[0] });
  expect(accepted.body.consultation?.status).toBe('booked');
  return { id, patientName };
}

/** A figure of the consultations panel as the wall shows it: a number, or "<5". */
async function consultationFigure(page: Page, label: string): Promise<number | string> {
  const text = (await page.getByRole('region', { name: /^Felleskonsultasjoner/ }).getByRole('group', { name: label, exact: true }).locator('.figure-value').textContent())!.trim();
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d+$/.test(digits) ? Number(digits) : text;
}

async function showsConsultationFigure(page: Page, label: string, expected: number | string): Promise<void> {
  let shown: number | string | undefined;
  const same = (a: unknown, b: unknown) => String(a).replace(/[\s\u00a0\u202f]/g, '') === String(b).replace(/[\s\u00a0\u202f]/g, '');
  await waitFor(async () => same((shown = await consultationFigure(page, label)), expected), `"${label}" to show ${expected}`, 30_000).catch((error: Error) => {
    throw new Error(`${error.message} (it shows ${String(shown)})`);
  });
}

/**
 * The joint consultation end to end in the web app: the coordinator plans it from a discharge with the times
 * Bro suggests (the seeded weekly availability of the demo GP and the unit's hospital doctors), the GP accepts
 * one in the inbox, and the consultation is booked: upcoming for both, with the video link.
 */
describe('joint discharge consultations (browser)', () => {
  let stack: BrowserStack;
  let coordinator: Page;
  let gp: Page;
  let board: Page;
  let patientName: string;
  const haukeland = () => `hospital:${testDirectory().demoOrganizations.haukeland}` as BoardScope;
  /** This week's consultation figures at Haukeland as the API computes them afresh. */
  const thisWeek = async () => {
    const panel = (await stack.api.app.get(BoardSnapshotService).snapshot(haukeland())).panels.consultations!;
    return panel.weeks[panel.weeks.length - 1];
  };
  const videoLink = `https://video.helse-bergen.example/rom/${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    ({ patientName } = await handOver(stack.api, { gp: 'gp', categories: ['KONTROLL', 'PROVESVAR'], descriptions: ['Kontroll av INR om én uke.', 'Følg opp CRP.'] }));
    // Five booked and five awaiting answers, so this week's figures on the board are numbers rather than "<5"
    // (a small cell hides a second one beside it, or the total would give it away).
    const doctors = await hospitalDoctors(stack);
    for (let i = 0; i < 5; i++) await consultationThroughTheApi(stack, doctors[i % doctors.length], true);
    for (let i = 0; i < 5; i++) await consultationThroughTheApi(stack, doctors[i % doctors.length], false);
    board = await stack.newPage({ width: 1920, height: 1080 });
    await signIn(board, stack.web.url, 'quality', `/board?scope=${haukeland()}`);
    await board.getByRole('heading', { name: 'Tavle: Haukeland universitetssjukehus', level: 1 }).waitFor();
    coordinator = await stack.newPage();
    await signIn(coordinator, stack.web.url, 'coordinator');
    await coordinator.getByRole('heading', { name: 'Overføringer', level: 1 }).waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the coordinator plans a consultation from the discharge with the suggested times', async () => {
    await coordinator.getByRole('link', { name: `Planlegg felleskonsultasjon for ${patientName}` }).click();
    await coordinator.getByRole('heading', { name: 'Planlegg felleskonsultasjon', level: 1 }).waitFor();
    // The stay is chosen from the link; its GP and tasks come with it.
    await coordinator.getByTestId('consultation-gp').filter({ hasText: 'Kari Fastlege' }).waitFor();
    await coordinator.getByText('Kontroll: Kontroll av INR om én uke.').waitFor();

    const doctor = coordinator.getByLabel('Sykehuslege');
    await doctor.waitFor();
    const firstDoctor = (await doctor.locator('option').nth(1).textContent())!;
    await doctor.selectOption({ label: firstDoctor });
    await coordinator.getByRole('button', { name: 'Finn ledige tider' }).click();

    const times = coordinator.getByRole('group', { name: 'Velg 1–3 tider å foreslå' }).getByRole('checkbox');
    await times.first().waitFor();
    expect(await times.count()).toBeGreaterThanOrEqual(2);
    await times.nth(0).check();
    await times.nth(1).check();
    await coordinator.getByLabel('Videolenke').fill(videoLink);
    await coordinator.getByLabel('Pasienten deltar').uncheck();
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'consultation-plan.png'), fullPage: true });
    const before = await thisWeek();
    expect(typeof before.proposed).toBe('number');
    await showsConsultationFigure(board, 'Foreslått', before.proposed as number);
    await coordinator.getByRole('button', { name: 'Send forslaget' }).click();
    await coordinator.getByRole('status').filter({ hasText: 'Forslaget er sendt til fastlegen.' }).waitFor();
    // The wall counts the new proposal within seconds, without a reload.
    await showsConsultationFigure(board, 'Foreslått', (before.proposed as number) + 1);

    const [proposed] = await listed(stack, 'coordinator', 'awaiting-answers', patientName);
    expect(proposed.status).toBe('proposed');
    expect(proposed.options).toHaveLength(2);
    expect(proposed.description).toContain(videoLink);
    expect(proposed.participants.find((participant) => participant.role === 'patient')?.required).toBe('information-only');

    await coordinator.getByRole('link', { name: 'Tilbake til felleskonsultasjoner' }).first().click();
    const awaiting = coordinator.getByTestId('consultations-awaiting').getByRole('article', { name: patientName });
    await awaiting.waitFor();
    await awaiting.getByText(/^Fastlege: Kari Fastlege.* – ikke svart$/).waitFor();
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'consultations-coordinator-awaiting.png'), fullPage: true });
  });

  it('the GP accepts one of the times in the inbox, and the consultation is booked for both', async () => {
    const [proposed] = await listed(stack, 'gp', 'invitations', patientName);
    const chosen = proposed.options[1];
    const before = await thisWeek();
    // The board shows what the server counts: "<5" when other tests in the shared database booked only a few at Haukeland this week.
    await showsConsultationFigure(board, 'Avtalt', before.booked as number | string);

    gp = await stack.newPage();
    await signIn(gp, stack.web.url, 'gp');
    await gp.getByRole('heading', { name: 'Innboks', level: 1 }).waitFor();
    const invitation = gp.getByTestId('consultation-invitations').getByRole('article', { name: patientName });
    await invitation.waitFor();
    await gp.screenshot({ path: resolve(ARTIFACTS, 'consultation-invitation.png'), fullPage: true });

    await invitation.getByText('Svar på invitasjonen').click();
    await invitation.getByRole('radio', { name: 'Takk ja til valgt tid' }).check();
    await invitation.getByRole('group', { name: 'Velg tid' }).getByRole('radio').nth(1).check();
    await invitation.getByRole('button', { name: 'Send' }).click();
    await gp.getByRole('status').filter({ hasText: 'Konsultasjonen er avtalt.' }).waitFor();
    await invitation.waitFor({ state: 'detached' });

    await gp.getByRole('link', { name: 'Felleskonsultasjoner' }).click();
    await gp.getByRole('heading', { name: 'Felleskonsultasjoner', level: 1 }).waitFor();
    const upcoming = gp.getByTestId('consultation-gp-upcoming').getByRole('article', { name: patientName });
    await upcoming.waitFor();
    expect(await upcoming.getByRole('link', { name: 'Åpne videolenken' }).getAttribute('href')).toBe(videoLink);
    await gp.screenshot({ path: resolve(ARTIFACTS, 'consultation-gp-booked.png'), fullPage: true });

    const [booked] = await listed(stack, 'coordinator', 'upcoming', patientName);
    expect(booked.status).toBe('booked');
    expect(Date.parse(booked.start!)).toBe(Date.parse(chosen.start));
    expect(booked.options).toEqual([expect.objectContaining({ start: booked.start, end: booked.end })]);
    expect(await listed(stack, 'coordinator', 'awaiting-answers', patientName)).toEqual([]);

    // The coordinator's view moves it from "awaiting answers" to "upcoming" by itself (live).
    await coordinator.getByTestId('consultations-upcoming').getByRole('article', { name: patientName }).waitFor({ timeout: 20_000 });
    await coordinator.getByTestId('consultations-awaiting').getByRole('article', { name: patientName }).waitFor({ state: 'detached' });
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'consultations-coordinator-booked.png'), fullPage: true });

    const after = await thisWeek();
    if (typeof before.booked === 'number' && typeof after.booked === 'number') expect(after.booked).toBe(before.booked + 1);
    await showsConsultationFigure(board, 'Avtalt', after.booked as number | string);
    await board.screenshot({ path: resolve(ARTIFACTS, 'consultations-board.png') });
  });

  it('the coordinator records who follows up each task after the consultation was held', async () => {
    // A consultation held yesterday: proposed and accepted through the API, its time already past.
    const held = await handOver(stack.api, { gp: 'gp', categories: ['KONTROLL', 'PROVESVAR'], descriptions: ['Kontroll av blodtrykk.', 'Følg opp HbA1c.'] });
    const encounterId = String((held.tasks[0].encounter as { reference: string }).reference).split('/')[1];
    const start = new Date(Math.floor((Date.now() - DAY) / (15 * 60_000)) * 15 * 60_000);
    const option = { start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() };
    const [doctor] = await hospitalDoctors(stack);
    const proposed = await callAs<{ consultation: ConsultationSummary }>(stack.api, 'coordinator', 'POST', '/api/consultations', {
      encounterId, hospitalDoctor: doctor, patientAttends: true, minutesDuration: 30, options: [option], description: 'Sted: Møterom 3, Medisinsk avdeling',
    });
    expect(proposed.status).toBe(201);
    const accepted = await callAs<{ consultation: ConsultationSummary }>(stack.api, 'gp', 'POST', `/api/consultations/${proposed.body.consultation.id}/answer`, { answer: 'accept', option });
    expect(accepted.body.consultation.status).toBe('booked');

    await coordinator.reload();
    const toRecord = coordinator.getByTestId('consultations-to-record').getByRole('article', { name: held.patientName });
    await toRecord.waitFor();
    await toRecord.getByLabel('Hvem følger opp: Kontroll: Kontroll av blodtrykk.').selectOption({ label: 'Sykehuset beholder oppgaven' });
    await toRecord.getByLabel('Hvem følger opp: Oppfølging av prøvesvar: Følg opp HbA1c.').selectOption({ label: 'Fastlegen overtar oppgaven' });
    await toRecord.getByLabel('Notat fra konsultasjonen').fill('Sykehuset følger opp blodtrykket ved poliklinikken; fastlegen tar HbA1c.');
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'consultations-outcome.png'), fullPage: true });
    await toRecord.getByRole('button', { name: 'Lagre utfallet' }).click();
    await coordinator.getByRole('status').filter({ hasText: 'Utfallet er registrert, og oppgavene er oppdatert.' }).waitFor();
    await toRecord.waitFor({ state: 'detached' });

    const detail = await callAs<{ consultation: ConsultationSummary; tasks: Array<{ id: string; status: string; outcome?: string; category?: { code: string } }> }>(
      stack.api, 'coordinator', 'GET', `/api/consultations/${proposed.body.consultation.id}`,
    );
    expect(detail.body.consultation.status).toBe('fulfilled');
    expect(detail.body.consultation.comment).toBe('Sykehuset følger opp blodtrykket ved poliklinikken; fastlegen tar HbA1c.');
    const byCategory = Object.fromEntries(detail.body.tasks.map((task) => [task.category?.code, { status: task.status, outcome: task.outcome }]));
    // A real split: the task the hospital keeps is cancelled for the GP, the one the GP takes is accepted, each with the outcome as the reason.
    expect(byCategory).toEqual({
      KONTROLL: { status: 'cancelled', outcome: 'SYKEHUSET-BEHOLDER' },
      PROVESVAR: { status: 'accepted', outcome: 'FASTLEGEN-OVERTAR' },
    });
  });

  it('the coordinator calls off a consultation with a reason, and it leaves the lists', async () => {
    const [doctor] = await hospitalDoctors(stack);
    const calledOff = await consultationThroughTheApi(stack, doctor, true);
    await coordinator.reload();
    const upcoming = coordinator.getByTestId('consultations-upcoming').getByRole('article', { name: calledOff.patientName });
    await upcoming.waitFor();
    await upcoming.getByText('Avlys konsultasjonen').click();
    await upcoming.getByLabel('Årsak til avlysning').selectOption({ label: 'Annet' });
    // "Annet" says what: not sent until there is an explanation.
    const confirm = upcoming.getByRole('button', { name: 'Avlys', exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await upcoming.getByLabel('Forklaring').fill('Pasienten er flyttet til Oslo.');
    await coordinator.screenshot({ path: resolve(ARTIFACTS, 'consultations-cancel.png'), fullPage: true });
    await confirm.click();
    await coordinator.getByRole('status').filter({ hasText: 'Konsultasjonen er avlyst, og deltakerne er varslet.' }).waitFor();
    await upcoming.waitFor({ state: 'detached' });

    const stored = await callAs<Resource>(stack.api, 'ehr', 'GET', `/fhir/R4/Appointment/${calledOff.id}`);
    expect(stored.body.status).toBe('cancelled');
    expect(stored.body.cancelationReason).toMatchObject({ coding: [{ code: 'other' }], text: 'Pasienten er flyttet til Oslo.' });
    expect(await listed(stack, 'gp', 'upcoming', calledOff.patientName)).toEqual([]);
  });

  it('speaks English too', async () => {
    await gp.getByLabel('Språk').selectOption('en');
    await gp.getByRole('heading', { name: 'Joint consultations', level: 1 }).waitFor();
    await gp.getByTestId('consultation-gp-upcoming').getByRole('article', { name: patientName }).getByText('Booked').waitFor();
    // The invitations left unanswered (the setup's five, and any other test's in the shared database), with the answer form in English.
    const invitations = gp.getByTestId('consultation-invitations');
    await invitations.getByRole('heading', { name: /^Invitations to joint consultations \(\d+\)$/ }).waitFor();
    await invitations.getByText('Answer the invitation').first().click();
    await invitations.getByRole('radio', { name: 'Accept the chosen time' }).first().waitFor();
    await gp.screenshot({ path: resolve(ARTIFACTS, 'consultations-gp-english.png'), fullPage: true });
  });

  it('the quality dashboard shows the consultation figures, in both languages', async () => {
    const figures = await callAs<ConsultationBoardPanel>(stack.api, 'quality', 'GET', '/api/quality/consultations?scope=municipality');
    expect(figures.status).toBe(200);
    const thisWeekRow = figures.body.weeks[figures.body.weeks.length - 1];
    const page = await stack.newPage({ width: 1440, height: 1000 });
    await signIn(page, stack.web.url, 'quality', '/quality');
    const weeks = page.getByRole('region', { name: 'Felleskonsultasjoner per uke' });
    await weeks.locator('tbody tr').last().waitFor();
    const cells = (await weeks.locator('tbody tr').last().locator('td').allTextContents()).map((text) => text.replace(/[\s\u00a0\u202f]/g, ''));
    // Week, its Monday, then proposed, awaiting, booked, held, declined or cancelled as the API counts them ("<5" where few).
    // The page names the week as people say it ("Uke 49"), the API as ISO 8601 ("2026-W49").
    expect(cells[0]).toBe(`Uke${Number(String(thisWeekRow.week).split('-W')[1])}`);
    expect(cells.slice(2)).toEqual([thisWeekRow.proposed, thisWeekRow.awaiting, thisWeekRow.booked, thisWeekRow.held, thisWeekRow.declinedOrCancelled].map(String));
    expect(thisWeekRow.proposed as number).toBeGreaterThanOrEqual(13);
    const units = page.getByRole('region', { name: 'Felleskonsultasjoner per sykehusenhet' });
    expect(await units.locator('tbody tr').count()).toBe(figures.body.byUnit.length);
    const shares = page.getByRole('region', { name: 'Andeler' }).getByRole('row', { name: /Utskrivninger med felleskonsultasjon/ });
    await shares.waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'quality-consultations.png'), fullPage: true });

    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('region', { name: 'Joint consultations by week' }).waitFor();
    await page.getByRole('group', { name: 'Contested tasks without a consultation' }).waitFor();
  });
});
