import { randomUUID } from 'node:crypto';
import { RejectionReason, Resource } from '@app/fhir';
import { ReferralSummary, TriageCaseDetail, TriageCasePage, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { addWorkingDays } from '../../apps/api/src/common/calendar/working-days';
import { Database } from '../../apps/api/src/database/sql-client';
import { addCalendarDays } from '../support/clock';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs } from '../support/transfers';
import { ReferralWorld, caseAction, createAs, enterReferralWorld, leaveReferralWorld, routedCase, wholeQueue } from './referral-api-fixtures';

jest.setTimeout(120_000);

/**
 * The low-threshold queue through real HTTP as the web app calls it: earliest deadline first and urgent
 * flagged, claimed, worked with contact attempts and closed with an outcome, each refusal the triage rules
 * table gives (claimed twice 409, someone else's case 403, an outcome without what it needs 422, a stale
 * version 412); only the service's own staff, only its own cases.
 */
describe('/api/lowthreshold/cases', () => {
  let api: TestApi;
  let database: Database;
  let world: ReferralWorld;
  /** A service of another organisation: the demo low-threshold user does not work it. */
  let foreignService: string;

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
    foreignService = await createAs(api, 'ehr', {
      resourceType: 'HealthcareService',
      identifier: [{ system: 'urn:bro:healthcare-service', value: `test-${randomUUID()}` }],
      active: true,
      providedBy: { reference: testDirectory().demoOrganizations.bergenKommune },
      name: 'Et annet lavterskeltilbud (test)',
    });
    world = await enterReferralWorld(api, (unit, service) => [
      { id: `annen-tjeneste-${unit.slice(-8)}`, hospitalUnits: [unit], reasons: [RejectionReason.InsufficientInformation], routeTo: foreignService },
      { id: `primaer-${unit.slice(-8)}`, hospitalUnits: [unit], reasons: [RejectionReason.PrimaryCare], routeTo: service, triageWorkingDays: 2 },
      { id: `poliklinikk-${unit.slice(-8)}`, hospitalUnits: [unit], routeTo: service },
    ]);
  });
  afterAll(async () => {
    await leaveReferralWorld(api, world);
    await api.close();
  });

  const detail = (id: string, user = 'lowthreshold') => callAs<TriageCaseDetail>(api, user, 'GET', `/api/lowthreshold/cases/${id}`);
  const referral = (id: string) => callAs<ReferralSummary>(api, 'gp', 'GET', `/api/referrals/${id}`);
  const ids = (page: TriageCasePage, among: string[]) => page.cases.map((c) => c.id).filter((id) => among.includes(id));

  it('orders the open queue by deadline, urgent first within a day, then first routed; pages it; flags what is overdue', async () => {
    const today = osloDate(new Date());
    const routine = await routedCase(api, world, { reason: 'IKKE-PRIORITERT' });
    const urgent = await routedCase(api, world, { reason: 'IKKE-PRIORITERT', priority: 'urgent' });
    const soon = await routedCase(api, world, { reason: 'PRIMAERHELSETJENESTE' });
    const later = await routedCase(api, world, { reason: 'IKKE-PRIORITERT' });
    expect([routine, urgent, later].map((c) => c.triage.deadline)).toEqual(Array(3).fill(addWorkingDays(today, 5)));
    expect(soon.triage.deadline).toBe(addWorkingDays(today, 2));
    expect([routine, urgent, soon, later].map((c) => [c.triage.urgent, c.triage.overdue])).toEqual([[false, false], [true, false], [false, false], [false, false]]);
    const mine = [routine, urgent, soon, later].map((c) => c.triage.id);

    const open = await wholeQueue(api, 'open');
    expect(ids(open, mine)).toEqual([soon, urgent, routine, later].map((c) => c.triage.id));
    expect(open.cases.find((c) => c.id === urgent.triage.id)).toMatchObject({ urgent: true, hospitalUnit: { reference: world.unit }, rejection: { reason: 'IKKE-PRIORITERT' } });

    // Page by page: the same cases in the same order, the same total on every page.
    const paged: TriageCaseSummary[] = [];
    for (let page = 1; page <= Math.ceil(open.total / 2); page++) {
      const answer = await callAs<TriageCasePage>(api, 'lowthreshold', 'GET', `/api/lowthreshold/cases?state=open&pageSize=2&page=${page}`);
      expect(answer.body).toMatchObject({ total: open.total, page, pageSize: 2 });
      paged.push(...answer.body.cases);
    }
    expect(paged.map((c) => c.id)).toEqual(open.cases.map((c) => c.id));
    expect(open.total).toBe(open.cases.length);
    for (const bad of ['state=all', 'state=open&state=mine', 'page=0', 'pageSize=101', 'service=HealthcareService/x']) {
      expect((await callAs(api, 'lowthreshold', 'GET', `/api/lowthreshold/cases?${bad}`)).status).toBe(400);
    }

    // A case routed days ago whose deadline has passed comes first, in red.
    await database.query(`UPDATE referral_case SET triage_deadline = $2 WHERE triage_task_id = $1`, [later.triage.id, addCalendarDays(today, -1)]);
    const reordered = await wholeQueue(api, 'open');
    expect(ids(reordered, mine)).toEqual([later, soon, urgent, routine].map((c) => c.triage.id));
    expect(reordered.cases.find((c) => c.id === later.triage.id)?.overdue).toBe(true);
    expect((await referral(later.referral.id)).body.triage).toMatchObject({ overdue: true, deadline: addCalendarDays(today, -1) });
  });

  it('claims, records contact attempts, gives back, and closes with an outcome, as the rules table allows', async () => {
    const { referral: sent, triage } = await routedCase(api, world);
    const id = triage.id;
    expect(triage).toMatchObject({ status: 'requested', claimedByMe: false, contactAttempts: 0 });

    expect((await caseAction(api, id, 'contact-attempts', { version: triage.version, result: 'not-reached' })).status).toBe(409);
    expect((await caseAction(api, id, 'outcome', { version: triage.version, outcome: 'INGEN-BEHOV' })).status).toBe(409);
    expect((await caseAction(api, id, 'claim', { version: triage.version + 1 })).status).toBe(412);
    expect((await caseAction(api, id, 'claim', {})).status).toBe(428);

    const claimed = await caseAction(api, id, 'claim', { version: triage.version });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'in-progress', version: triage.version + 1, claimedByMe: true, claimedBy: 'Liv Lavterskel' });
    expect((await caseAction(api, id, 'claim', { version: claimed.body.version })).status).toBe(409);
    expect((await wholeQueue(api, 'mine')).cases.map((c) => c.id)).toContain(id);
    expect((await wholeQueue(api, 'open')).cases.map((c) => c.id)).toContain(id);
    expect((await referral(sent.id)).body.triage).toMatchObject({ status: 'in-progress', claimedBy: 'Liv Lavterskel' });

    // What an outcome needs, and what a code must be.
    let version = claimed.body.version;
    expect((await caseAction(api, id, 'outcome', { version, outcome: 'KOMMUNALT-TILBUD' })).status).toBe(422);
    expect((await caseAction(api, id, 'outcome', { version, outcome: 'HENVIST-ANNET', text: '   ' })).status).toBe(422);
    expect((await caseAction(api, id, 'outcome', { version, outcome: 'IKKE-NADD' })).status).toBe(422);
    expect((await caseAction(api, id, 'outcome', { version, outcome: 'FINNES-IKKE' })).status).toBe(400);
    expect((await caseAction(api, id, 'contact-attempts', { version, result: 'kanskje' })).status).toBe(400);
    expect((await caseAction(api, id, 'contact-attempts', { version, result: 'reached', note: 'a\u0000b' })).status).toBe(400);
    expect((await caseAction(api, id, 'contact-attempts', { version, result: 'reached', note: 'x'.repeat(4001) })).status).toBe(400);
    expect((await caseAction(api, id, 'contact-attempts', { version, result: 'reached', time: '2020-01-01T00:00:00Z' })).status).toBe(400);
    expect((await detail(id)).body.case).toMatchObject({ status: 'in-progress', version, contactAttempts: 0 });

    const attempted = await caseAction(api, id, 'contact-attempts', { version, result: 'not-reached', note: 'Ringte kl 10, ikke svar' });
    expect(attempted.status).toBe(200);
    expect(attempted.body).toMatchObject({ status: 'in-progress', version: version + 1, contactAttempts: 1 });
    expect((await caseAction(api, id, 'contact-attempts', { version, result: 'message-left' })).status).toBe(412);
    version = attempted.body.version;
    const left = await caseAction(api, id, 'contact-attempts', { version, result: 'message-left' });
    expect(left.body.contactAttempts).toBe(2);
    version = left.body.version;
    const log = (await detail(id)).body;
    expect(log.contactAttempts).toEqual([
      expect.objectContaining({ result: 'not-reached', resultDisplay: 'Fikk ikke kontakt', note: 'Ringte kl 10, ikke svar', by: 'Liv Lavterskel' }),
      expect.objectContaining({ result: 'message-left', resultDisplay: 'La igjen beskjed', by: 'Liv Lavterskel' }),
    ]);
    expect(log.contactAttempts[1].note).toBeUndefined();
    expect(Date.parse(log.contactAttempts[0].time)).toBeLessThanOrEqual(Date.parse(log.contactAttempts[1].time));
    // The case view is audited: the case, and the referral Task and ServiceRequest it shows.
    const audited = await database.query<{ entity_type: string; entity_id: string; subtype: string; patient: string }>(
      `SELECT entity_type, entity_id, subtype, patient FROM audit_event WHERE agent_subject = 'lowthreshold' AND subtype = 'read' AND entity_id = ANY($1::text[])`,
      [[id, sent.id, sent.serviceRequestId]],
    );
    expect(new Set(audited.rows.map((row) => `${row.entity_type}/${row.entity_id} ${row.patient}`))).toEqual(
      new Set([`Task/${id}`, `Task/${sent.id}`, `ServiceRequest/${sent.serviceRequestId}`].map((entity) => `${entity} Patient/${sent.patient!.id}`)),
    );
    const listed = await database.query(`SELECT 1 FROM audit_event WHERE agent_subject = 'lowthreshold' AND subtype = 'search-type' AND entity_id = $1 AND query = 'api/lowthreshold/cases'`, [id]);
    expect(listed.rowCount).toBeGreaterThan(0);
    expect(log.referral).toMatchObject({ id: sent.id, serviceRequestId: sent.serviceRequestId, reasonText: sent.reasonText, referrer: { reference: sent.referrer!.reference } });

    // Given back: in the shared queue again, nobody's; then claimed again.
    const released = await caseAction(api, id, 'release', { version });
    expect(released.body).toMatchObject({ status: 'requested', claimedByMe: false });
    expect(released.body.claimedBy).toBeUndefined();
    expect((await wholeQueue(api, 'mine')).cases.map((c) => c.id)).not.toContain(id);
    expect((await caseAction(api, id, 'release', { version: released.body.version })).status).toBe(409);
    const again = await caseAction(api, id, 'claim', { version: released.body.version });
    expect(again.status).toBe(200);

    const closed = await caseAction(api, id, 'outcome', { version: again.body.version, outcome: 'IKKE-NADD' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'completed', outcome: { code: 'IKKE-NADD', display: 'Fikk ikke kontakt' }, contactAttempts: 2 });
    expect((await wholeQueue(api, 'open')).cases.map((c) => c.id)).not.toContain(id);
    expect((await wholeQueue(api, 'mine')).cases.map((c) => c.id)).not.toContain(id);
    expect((await wholeQueue(api, 'closed')).cases[0]).toMatchObject({ id, status: 'completed' });
    expect((await referral(sent.id)).body.triage).toMatchObject({ status: 'completed', outcome: { code: 'IKKE-NADD' } });
    expect((await caseAction(api, id, 'claim', { version: closed.body.version })).status).toBe(409);
    expect((await caseAction(api, id, 'contact-attempts', { version: closed.body.version, result: 'reached' })).status).toBe(409);

    // An outcome with its text: which municipal service.
    const { triage: second } = await routedCase(api, world);
    const secondClaim = await caseAction(api, second.id, 'claim', { version: second.version });
    const offered = await caseAction(api, second.id, 'outcome', { version: secondClaim.body.version, outcome: 'KOMMUNALT-TILBUD', text: 'Rask psykisk helsehjelp, Bergen' });
    expect(offered.body).toMatchObject({ status: 'completed', outcome: { code: 'KOMMUNALT-TILBUD', text: 'Rask psykisk helsehjelp, Bergen' } });
  });

  it("refuses work on a colleague's claimed case with 403 and changes nothing", async () => {
    const { triage } = await routedCase(api, world);
    const claimed = await caseAction(api, triage.id, 'claim', { version: triage.version });
    expect(claimed.status).toBe(200);
    // A colleague's claim, as the triage rule records it for them (the demo directory has one low-threshold user).
    const colleague = { url: 'urn:bro:extension:claimed-by', valueReference: { display: 'Kari Kollega', identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: '9144999' } } };
    await database.query(
      `UPDATE fhir_task SET resource = jsonb_set(resource, '{extension}', (SELECT coalesce(jsonb_agg(e), '[]'::jsonb) FROM jsonb_array_elements(resource->'extension') e WHERE e->>'url' <> $2) || $3::jsonb) WHERE id = $1`,
      [triage.id, colleague.url, JSON.stringify([colleague])],
    );
    const version = claimed.body.version;
    expect((await caseAction(api, triage.id, 'outcome', { version, outcome: 'INGEN-BEHOV' })).status).toBe(403);
    expect((await caseAction(api, triage.id, 'release', { version })).status).toBe(403);
    expect((await caseAction(api, triage.id, 'contact-attempts', { version, result: 'reached' })).status).toBe(403);
    expect((await caseAction(api, triage.id, 'claim', { version })).status).toBe(409);
    const seen = (await detail(triage.id)).body.case;
    expect(seen).toMatchObject({ status: 'in-progress', version, claimedBy: 'Kari Kollega', claimedByMe: false, contactAttempts: 0 });
    expect((await wholeQueue(api, 'mine')).cases.map((c) => c.id)).not.toContain(triage.id);
    expect((await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/Task/${triage.id}`)).body.meta?.versionId).toBe(String(version));
  });

  it("is for the service's own staff and cases only", async () => {
    const { referral: sent, triage } = await routedCase(api, world);
    for (const user of ['gp', 'gp2', 'coordinator', 'quality', 'admin', 'privacy']) {
      expect((await callAs(api, user, 'GET', '/api/lowthreshold/cases')).status).toBe(403);
      expect((await detail(triage.id, user)).status).toBe(403);
      expect((await caseAction(api, triage.id, 'claim', { version: triage.version }, user)).status).toBe(403);
    }
    expect((await callAs(api, 'ehr', 'GET', '/api/lowthreshold/cases')).status).toBe(403);
    expect((await detail(triage.id)).body.case.status).toBe('requested');

    // A rejection routed to another organisation's service: not in this queue, not this user's to read or claim.
    const elsewhere = await callAs<ReferralSummary>(api, 'coordinator', 'POST', `/api/referrals/${(await callAs<ReferralSummary>(api, 'gp', 'POST', '/api/referrals', {
      patientId: sent.patient!.id,
      hospitalUnit: world.unit,
      reasonText: 'Ny henvisning',
    })).body.id}/answer`, { version: 1, answer: '4', reason: 'MANGELFULL-INFORMASJON' });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.triage?.service.reference).toBe(foreignService);
    const foreignCase = elsewhere.body.triage!.taskId;
    expect((await detail(foreignCase)).status).toBe(404);
    expect((await caseAction(api, foreignCase, 'claim', { version: 1 })).status).toBe(404);
    for (const state of ['open', 'mine', 'closed'] as const) expect((await wholeQueue(api, state)).cases.map((c) => c.id)).not.toContain(foreignCase);
    // A referral Task is no case, and an id that cannot be one is refused before anything is read.
    expect((await detail(sent.id)).status).toBe(404);
    expect((await caseAction(api, sent.id, 'claim', { version: sent.version })).status).toBe(404);
    for (const bad of ['x'.repeat(65), 'a%20b']) expect((await detail(bad)).status).toBe(400);
  });
});
