import Client from 'fhir-kit-client';
import { randomUUID } from 'node:crypto';
import { Resource } from '@app/fhir';
import { BoardSnapshot, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { ReferralBoardPanel, ReferralFigures } from '@app/fhir/referrals/referral-board-panel';
import { PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from '../../tools/seed/directory-codes';
import { addDays, osloDate, weekdayOf } from '../../apps/api/src/common/calendar/oslo-calendar';
import { workingDaysBetween } from '../../apps/api/src/common/calendar/working-days';
import { Database } from '../../apps/api/src/database/sql-client';
import { inOslo } from '../../apps/api/src/referrals/referral-reminders';
import { isoWeekOf } from '../../apps/api/src/referrals/referral-load/referral-figures.query';
import { momentAgoToday } from '../support/clock';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const organizationType = (code: string) => [{ coding: [{ system: 'urn:bro:organization-type', code }] }];

/** One `referral_case` row as the referral write rules keep it; what a case does not say is left empty. */
interface CaseRow {
  unit: string;
  status: string;
  answer?: string;
  reason?: string;
  objected?: boolean;
  receivedAt: string;
  assessmentDeadline: string;
  answeredAt?: string;
  triage?: { status: string; routedAt: string; deadline: string; claimedAt?: string; triagedAt?: string; outcome?: string };
}

/**
 * Known rows in `referral_case` (the projection the referral write rules keep), for a hospital, two units, a GP
 * office and a service of this file's own, dated relative to now in Oslo: the board's referrals panel and the
 * quality team's figures must give exactly these numbers, with "<5" where they are about 1–4 patients and where
 * a total beside them would give one away.
 */
describe('referral figures: known cases in, exact numbers out', () => {
  let api: TestApi;
  let ehr: Client;
  let database: Database;
  let hospital: string;
  let unitOne: string;
  let unitTwo: string;
  let office: string;
  let referrer: string;
  const service = `HealthcareService/figures-${randomUUID().slice(0, 8)}`;
  const run = randomUUID().slice(0, 8);
  let rows = 0;

  // The Oslo calendar of the run.
  const now = new Date();
  const today = osloDate(now);
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const yesterday = addDays(today, -1);
  /** Monday 09:00 in Oslo two weeks ago: the older rejections, routed then and triaged within their week. */
  const twoWeeksAgo = inOslo(addDays(monday, -14), '09:00:00');
  const twoWeeksAgoFriday = addDays(monday, -10);

  async function insert(row: CaseRow): Promise<void> {
    const id = `${run}-${++rows}`;
    const triage = row.triage;
    await database.query(
      `INSERT INTO referral_case (referral_task_id, service_request_id, patient, hospital_unit, hospital, referrer, status, answer, rejection_reason, urgent, objected,
                                  sent_at, received_at, assessment_deadline, answered_at, triage_task_id, service, routing_rule, routed_at, triage_deadline, triage_status,
                                  claimed_at, triaged_at, outcome, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, $10, $11, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, now())`,
      [
        `referral-${id}`,
        `sr-${id}`,
        `Patient/figures-${id}`,
        row.unit,
        hospital,
        referrer,
        row.status,
        row.answer ?? null,
        row.reason ?? null,
        row.objected ?? false,
        row.receivedAt,
        row.assessmentDeadline,
        row.answeredAt ?? null,
        triage ? `triage-${id}` : null,
        triage ? service : null,
        triage ? '1/catch-all' : null,
        triage?.routedAt ?? null,
        triage?.deadline ?? null,
        triage?.status ?? null,
        triage?.claimedAt ?? null,
        triage?.triagedAt ?? null,
        triage?.outcome ?? null,
      ],
    );
  }

  async function figuresOf(scope: string, user = 'quality'): Promise<{ status: number; body: ReferralFigures }> {
    return callAs<ReferralFigures>(api, user, 'GET', `/api/quality/referrals?scope=${encodeURIComponent(scope)}`);
  }

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    database = api.app.get(Database);
    const create = async (body: Resource) => `${body.resourceType}/${((await ehr.create({ resourceType: body.resourceType, body } as never)) as Resource).id}`;
    hospital = await create({ resourceType: 'Organization', name: 'Henvisningstest sykehus', type: organizationType('hospital') });
    unitOne = await create({ resourceType: 'Organization', name: 'A Psykiatrisk poliklinikk (test)', type: organizationType('hospital-unit'), partOf: { reference: hospital } });
    unitTwo = await create({ resourceType: 'Organization', name: 'B Distriktspsykiatrisk senter (test)', type: organizationType('hospital-unit'), partOf: { reference: hospital } });
    office = await create({ resourceType: 'Organization', name: 'Henvisningstest legesenter', type: organizationType('gp-office') });
    referrer = await create({
      resourceType: 'PractitionerRole',
      active: true,
      organization: { reference: office },
      code: [{ coding: [{ system: PRACTITIONER_ROLE_CODE_SYSTEM, code: PractitionerRoleCode.Gp }] }],
    });

    // This week: seven rejections in unit one, five routed (waiting in the queue), one the patient objected to, one no rule took.
    const answeredNow = momentAgoToday();
    const received = new Date(now.getTime() - 7 * 24 * HOUR).toISOString();
    const rejectedNow = { unit: unitOne, status: 'rejected', answer: '4', receivedAt: received, assessmentDeadline: addDays(today, 14), answeredAt: answeredNow };
    for (let i = 0; i < 5; i++) await insert({ ...rejectedNow, reason: 'PRIMAERHELSETJENESTE', triage: { status: 'requested', routedAt: answeredNow, deadline: addDays(today, 7) } });
    await insert({ ...rejectedNow, reason: 'PRIMAERHELSETJENESTE', objected: true });
    await insert({ ...rejectedNow, reason: 'ANNET' });

    // Two weeks ago: ten rejections, all routed. Unit one's five triaged 24–120 hours later within that week;
    // unit two's five still open (two taken, three waiting) long past their deadline that Friday.
    const earlier = { status: 'rejected', answer: '4', receivedAt: new Date(twoWeeksAgo.getTime() - 7 * 24 * HOUR).toISOString(), answeredAt: twoWeeksAgo.toISOString() };
    const routedThen = { routedAt: twoWeeksAgo.toISOString(), deadline: addDays(monday, -7) };
    for (let i = 1; i <= 5; i++) {
      const triagedAt = new Date(twoWeeksAgo.getTime() + i * 24 * HOUR).toISOString();
      await insert({
        ...earlier,
        unit: unitOne,
        reason: 'PRIMAERHELSETJENESTE',
        assessmentDeadline: addDays(monday, -10),
        triage: { ...routedThen, status: 'completed', claimedAt: twoWeeksAgo.toISOString(), triagedAt, outcome: 'KOMMUNALT-TILBUD' },
      });
    }
    for (let i = 0; i < 5; i++) {
      await insert({
        ...earlier,
        unit: unitTwo,
        reason: 'IKKE-PRIORITERT',
        assessmentDeadline: addDays(monday, -10),
        triage: { ...routedThen, deadline: twoWeeksAgoFriday, status: i < 2 ? 'in-progress' : 'requested', ...(i < 2 ? { claimedAt: twoWeeksAgo.toISOString() } : {}) },
      });
    }

    // Unanswered: five past their assessment deadline (yesterday), one due today (not yet passed); one answered
    // today although its deadline was two weeks ago.
    for (let i = 0; i < 5; i++) await insert({ unit: unitTwo, status: 'received', receivedAt: received, assessmentDeadline: yesterday });
    await insert({ unit: unitTwo, status: 'requested', receivedAt: received, assessmentDeadline: today });
    await insert({ unit: unitTwo, status: 'accepted', answer: '1', receivedAt: received, assessmentDeadline: addDays(monday, -14), answeredAt: answeredNow });
    // Entered in error never counts.
    await insert({ ...rejectedNow, status: 'entered-in-error', reason: 'ANNET' });
  });
  afterAll(async () => {
    await database?.query(`DELETE FROM referral_case WHERE referral_task_id LIKE $1`, [`referral-${run}-%`]);
    await api?.close();
  });

  it("shows the hospital's queue, overdue triage, unanswered referrals and this week's rejections on its board", async () => {
    const answer = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(`hospital:${hospital}`)}`);
    expect(answer.status).toBe(200);
    const panel: ReferralBoardPanel = answer.body.panels.referrals!;
    // Ten open: eight waiting, two taken. The 2 is hidden, and so is the 8 (10 − 8 would give it back).
    expect(panel.now).toEqual({ openInQueue: 10, waiting: SUPPRESSED, claimed: SUPPRESSED, overdueTriage: 5, unansweredPastDeadline: 5 });
    // Seven rejected: five routed, two not (objected, no rule): the 2 hidden, and the 5 with it.
    expect(panel.thisWeek).toEqual({ week: isoWeekOf(monday), weekStart: monday, rejected: 7, routed: SUPPRESSED, notRouted: SUPPRESSED });
  });

  it('gives the quality team the weeks, units, reasons, outcomes, time to triage and breaches, suppressed', async () => {
    const { status, body } = await figuresOf(`hospital:${hospital}`);
    expect(status).toBe(200);
    expect(body.scope).toBe(`hospital:${hospital}`);
    expect(body.weeks).toHaveLength(12);
    expect(body.from).toBe(addDays(monday, -77));
    expect(body.to).toBe(today);
    // 17 rejected: 15 routed, 1 objected, 1 not routed (both hidden, neither alone).
    expect(body.totals).toEqual({ rejected: 17, routed: 15, objected: SUPPRESSED, notRouted: SUPPRESSED, routedShare: 0.882, triaged: 5, assessmentBreaches: 6, triageBreaches: 5 });

    const thisWeek = body.weeks[11];
    expect(thisWeek).toMatchObject({ week: isoWeekOf(monday), weekStart: monday, rejected: 7, routed: 5, routedShare: 0.714, triaged: 0, medianHoursToTriage: null, triageBreaches: 0 });
    const older = body.weeks[9];
    expect(older).toEqual({
      week: isoWeekOf(addDays(monday, -14)),
      weekStart: addDays(monday, -14),
      rejected: 10,
      routed: 10,
      routedShare: 1,
      triaged: 5,
      medianHoursToTriage: 72,
      // Unit one's deadline was in the week before; the referral answered late had its deadline here (1, hidden, and its partner with it).
      assessmentBreaches: SUPPRESSED,
      triageBreaches: 5,
    });
    // The five still unanswered had their deadline yesterday: this week's or last week's, hidden with the lone 1.
    const yesterdayWeek = body.weeks.find((week) => week.weekStart === addDays(yesterday, -((weekdayOf(yesterday) + 6) % 7)))!;
    expect(yesterdayWeek.assessmentBreaches).toBe(SUPPRESSED);
    expect(body.weeks.filter((week) => week !== older && week !== thisWeek && week !== yesterdayWeek).every((week) => week.rejected === 0 && week.triaged === 0 && week.assessmentBreaches === 0 && week.triageBreaches === 0)).toBe(true);

    expect(body.byUnit).toEqual([
      { unit: unitOne, name: 'A Psykiatrisk poliklinikk (test)', rejected: 12, routed: 10 },
      { unit: unitTwo, name: 'B Distriktspsykiatrisk senter (test)', rejected: 5, routed: 5 },
    ]);
    // ANNET's 1 is hidden, and the next smallest reason with it; hidden rows after the shown, by code.
    expect(body.byReason).toEqual([
      { reason: 'PRIMAERHELSETJENESTE', rejected: 11 },
      { reason: 'ANNET', rejected: SUPPRESSED },
      { reason: 'IKKE-PRIORITERT', rejected: SUPPRESSED },
    ]);
    expect(body.outcomes).toEqual([{ outcome: 'KOMMUNALT-TILBUD', count: 5 }]);
    // 24, 48, 72, 96 and 120 hours after Monday 09:00: a median of 72 hours, and of working days as Norway counts them.
    const routedDay = addDays(monday, -14);
    const workingDays = [1, 2, 3, 4, 5].map((days) => workingDaysBetween(routedDay, addDays(routedDay, days))).sort((a, b) => a - b);
    expect(body.timeToTriage).toEqual({ medianHours: 72, medianWorkingDays: workingDays[2], cases: 5 });
  });

  it('counts the same referrals for the GP office that sent them, and none for another scope', async () => {
    const own = await figuresOf(`office:${office}`);
    expect(own.status).toBe(200);
    const hospitalFigures = await figuresOf(`hospital:${hospital}`);
    expect({ ...own.body, scope: undefined }).toEqual({ ...hospitalFigures.body, scope: undefined });
    const unrelated = await figuresOf('office:Organization/no-such-office');
    expect(unrelated.body.totals).toEqual({ rejected: 0, routed: 0, objected: 0, notRouted: 0, routedShare: null, triaged: 0, assessmentBreaches: 0, triageBreaches: 0 });
    expect(unrelated.body.byUnit).toEqual([]);
  });

  it('takes a number of weeks, and refuses malformed scopes and parameters and everyone but quality and admin', async () => {
    const four = await callAs<ReferralFigures>(api, 'quality', 'GET', `/api/quality/referrals?scope=${encodeURIComponent(`hospital:${hospital}`)}&weeks=4`);
    expect(four.status).toBe(200);
    expect(four.body.weeks.map((week) => week.weekStart)).toEqual([-21, -14, -7, 0].map((days) => addDays(monday, days)));
    expect((await callAs(api, 'quality', 'GET', '/api/quality/referrals?scope=everything')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/referrals?weeks=0')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/referrals?weeks=1e3')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/referrals?unit=x')).status).toBe(400);
    expect((await figuresOf('municipality', 'admin')).status).toBe(200);
    for (const user of ['gp', 'coordinator', 'lowthreshold']) expect((await figuresOf('municipality', user)).status).toBe(403);
  });
});
