import { Bundle, Resource } from '@app/fhir';
import { ReferralPage, ReferralSummary } from '@app/fhir/api/referral-answers';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { addWorkingDays } from '../../apps/api/src/common/calendar/working-days';
import { Database } from '../../apps/api/src/database/sql-client';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole } from '../support/transfers';
import {
  ReferralWorld,
  answerReferral,
  enterReferralWorld,
  leaveReferralWorld,
  newListPatient,
  rejectReferral,
  sendReferral,
  wholeQueue,
} from './referral-api-fixtures';

jest.setTimeout(120_000);

/**
 * The referral endpoints through real HTTP as the web app calls them: the GP sends, the hospital unit sees it
 * with its assessment deadline and answers, a rejection is routed to the low-threshold service (unless the
 * patient objected) and the GP's list shows where the patient is; the other GP, the quality team and the
 * low-threshold service see none of it; bad input is refused with 400 and stores nothing.
 */
describe('/api/referrals', () => {
  let api: TestApi;
  let world: ReferralWorld;

  beforeAll(async () => {
    api = await startTestApi();
    world = await enterReferralWorld(api, (unit, service) => [{ id: `poliklinikk-${unit.slice(-8)}`, hospitalUnits: [unit], routeTo: service }]);
  });
  afterAll(async () => {
    await leaveReferralWorld(api, world);
    await api.close();
  });

  const get = (user: string, id: string) => callAs<ReferralSummary>(api, user, 'GET', `/api/referrals/${id}`);
  /** The referrals of a list, read page by page until `id` turns up (newest first, so it is near the top) or the list ends. */
  async function listed(user: string, id: string): Promise<ReferralSummary | undefined> {
    for (let page = 1; page <= 50; page++) {
      const answer = await callAs<ReferralPage>(api, user, 'GET', `/api/referrals?pageSize=100&page=${page}`);
      expect(answer.status).toBe(200);
      const found = answer.body.referrals.find((referral) => referral.id === id);
      if (found || answer.body.referrals.length < 100) return found;
    }
    return undefined;
  }
  const audit = async (id: string) =>
    (
      await api.app
        .get(Database)
        .query<{ agent_subject: string; subtype: string; entity_type: string; patient: string; query: string | null }>(
          `SELECT agent_subject, subtype, entity_type, patient, query FROM audit_event WHERE entity_id = $1`,
          [id],
        )
    ).rows;
  const fhir = async <T = Resource>(path: string) => (await callAs<T>(api, 'ehr', 'GET', `/fhir/R4/${path}`)).body;
  const count = async (path: string) => (await fhir<Bundle>(`${path}${path.includes('?') ? '&' : '?'}_summary=count`)).total;

  it('sends a referral the hospital unit sees with its deadline of 10 working days after receipt, newest first', async () => {
    const patientId = await newListPatient(api);
    const first = await sendReferral(api, patientId, world.unit);
    const sent = await sendReferral(api, patientId, world.unit, { priority: 'urgent', reasonText: '  Psykose?  Ber om rask vurdering.  ' });

    const received = osloDate(new Date(sent.receivedAt));
    expect(sent).toMatchObject({
      status: 'requested',
      version: 1,
      patient: { id: patientId },
      hospitalUnit: { reference: world.unit },
      referrer: { reference: gpRole('gp') },
      reasonText: 'Psykose?  Ber om rask vurdering.',
      urgent: true,
      patientObjectsToContact: false,
      assessmentDeadline: addWorkingDays(received, 10),
      assessmentOverdue: false,
    });
    expect(sent.hospitalUnit.display).toMatch(/^Psykiatrisk poliklinikk/);
    expect(sent.answer).toBeUndefined();
    expect(sent.triage).toBeUndefined();
    expect(Date.parse(sent.sentAt)).toBeLessThanOrEqual(Date.parse(sent.receivedAt));

    // As stored: the ServiceRequest and its referral Task, with the dates the rule set.
    const task = await fhir(`Task/${sent.id}`);
    expect(task).toMatchObject({
      status: 'requested',
      priority: 'urgent',
      focus: { reference: `ServiceRequest/${sent.serviceRequestId}` },
      owner: { reference: world.unit },
      requester: { reference: gpRole('gp') },
      for: { reference: `Patient/${patientId}` },
      restriction: { period: { end: sent.assessmentDeadline } },
    });
    expect((task.code as { coding: Array<{ code: string }> }).coding.map((c) => c.code)).toContain('referral-fulfilment');
    expect(await fhir(`ServiceRequest/${sent.serviceRequestId}`)).toMatchObject({ performer: [{ reference: world.unit }], reasonCode: [{ text: sent.reasonText }], priority: 'urgent' });

    expect(await listed('coordinator', sent.id)).toEqual(sent);
    expect((await get('coordinator', sent.id)).body).toEqual(sent);
    expect((await get('gp', sent.id)).body).toEqual(sent);
    const mine = await callAs<ReferralPage>(api, 'gp', 'GET', '/api/referrals?pageSize=100');
    const order = mine.body.referrals.map((referral) => referral.id);
    expect(order.indexOf(sent.id)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(sent.id)).toBeLessThan(order.indexOf(first.id));

    // Paging: the same list, a page at a time.
    const [one, two] = [
      await callAs<ReferralPage>(api, 'gp', 'GET', '/api/referrals?pageSize=1&page=1'),
      await callAs<ReferralPage>(api, 'gp', 'GET', '/api/referrals?pageSize=1&page=2'),
    ];
    expect([one.body.total, two.body.total]).toEqual([mine.body.total, mine.body.total]);
    expect([...one.body.referrals, ...two.body.referrals].map((r) => r.id)).toEqual(order.slice(0, 2));
    expect((await callAs<ReferralPage>(api, 'gp', 'GET', `/api/referrals?pageSize=100&page=${Math.ceil(mine.body.total / 100) + 1}`)).body).toMatchObject({ total: mine.body.total, referrals: [] });
    for (const bad of ['page=0', 'pageSize=101', 'pageSize=1e3', 'status=requested', 'page=1&page=2']) {
      expect((await callAs(api, 'gp', 'GET', `/api/referrals?${bad}`)).status).toBe(400);
    }

    // Every referral shown is in the audit trail, with its patient.
    const audited = await audit(sent.id);
    expect(audited).toEqual(
      expect.arrayContaining([
        { agent_subject: 'gp', subtype: 'read', entity_type: 'Task', patient: `Patient/${patientId}`, query: null },
        { agent_subject: 'gp', subtype: 'search-type', entity_type: 'Task', patient: `Patient/${patientId}`, query: 'api/referrals' },
        { agent_subject: 'coordinator', subtype: 'read', entity_type: 'Task', patient: `Patient/${patientId}`, query: null },
        { agent_subject: 'coordinator', subtype: 'search-type', entity_type: 'Task', patient: `Patient/${patientId}`, query: 'api/referrals' },
        { agent_subject: 'gp', subtype: 'create', entity_type: 'Task', patient: `Patient/${patientId}`, query: null },
      ]),
    );

    // Nobody else: the other GP neither lists nor reads it, the quality team and the service have no such list.
    expect(await listed('gp2', sent.id)).toBeUndefined();
    expect((await get('gp2', sent.id)).status).toBe(404);
    for (const user of ['quality', 'lowthreshold', 'admin', 'privacy']) {
      expect((await callAs(api, user, 'GET', '/api/referrals')).status).toBe(403);
      expect((await get(user, sent.id)).status).toBe(403);
    }
  });

  it('rejects with a coded reason: routed to the low-threshold service in the same step, and the GP sees where the patient is', async () => {
    const referral = await sendReferral(api, await newListPatient(api), world.unit);

    // Refusals change nothing.
    expect((await answerReferral(api, { ...referral, version: referral.version + 1 }, { answer: '4', reason: 'IKKE-PRIORITERT' })).status).toBe(412);
    expect((await answerReferral(api, referral, { answer: '4' })).status).toBe(422);
    expect((await answerReferral(api, referral, { answer: '4', reason: 'ANNET' })).status).toBe(422);
    expect((await answerReferral(api, referral, { answer: '4', reason: 'IKKE-PRIORITERT' }, 'gp')).status).toBe(403);
    expect((await answerReferral(api, referral, { answer: '4', reason: 'IKKE-PRIORITERT' }, 'gp2')).status).toBe(403);
    expect((await answerReferral(api, referral, { answer: '4', reason: 'IKKE-PRIORITERT' }, 'quality')).status).toBe(403);
    expect((await get('gp', referral.id)).body).toEqual(referral);

    const rejected = await rejectReferral(api, referral, 'ANNET', 'Pasienten har allerede et kommunalt tilbud');
    const today = osloDate(new Date());
    expect(rejected).toMatchObject({
      status: 'rejected',
      version: referral.version + 1,
      answer: { code: '4', display: 'Avslått' },
      rejection: { reason: 'ANNET', display: 'Annet', text: 'Pasienten har allerede et kommunalt tilbud' },
      triage: { status: 'requested', service: { reference: world.service }, deadline: addWorkingDays(today, 5), overdue: false },
      assessmentOverdue: false,
    });
    expect(rejected.triage!.service.display).toMatch(/^Lavterskel psykisk helse/);
    expect(Date.parse(rejected.answer!.answeredAt!)).toBeGreaterThan(Date.parse(referral.receivedAt) - 1);

    const open = await wholeQueue(api, 'open');
    const queued = open.cases.find((c) => c.id === rejected.triage!.taskId);
    expect(queued).toMatchObject({ status: 'requested', patient: { id: referral.patient!.id }, deadline: rejected.triage!.deadline, claimedByMe: false, contactAttempts: 0 });
    expect(queued!.rejection).toEqual(rejected.rejection);

    // The GP's list and the referral itself show the same.
    expect((await get('gp', referral.id)).body).toEqual(rejected);
    expect(await listed('gp', referral.id)).toEqual(rejected);
    // The triage Task as stored: based on the referral and the rejected Task.
    const triage = await fhir(`Task/${rejected.triage!.taskId}`);
    expect(triage.basedOn).toEqual(expect.arrayContaining([{ reference: `ServiceRequest/${referral.serviceRequestId}` }, { reference: `Task/${referral.id}` }]));
    expect(triage.owner).toEqual({ reference: world.service });

    // Answered once: a second answer is refused and routes nothing more.
    expect((await answerReferral(api, rejected, { answer: '4', reason: 'IKKE-PRIORITERT' })).status).toBe(409);
    expect((await answerReferral(api, rejected, { answer: '1' })).status).toBe(409);
    expect(await count(`Task?based-on=Task/${referral.id}`)).toBe(1);
  });

  it('routes nothing when the patient objected to being contacted, and the service sees nothing of it', async () => {
    const patientId = await newListPatient(api);
    const referral = await sendReferral(api, patientId, world.unit, { patientObjectsToContact: true });
    expect(referral.patientObjectsToContact).toBe(true);
    const rejected = await rejectReferral(api, referral, 'PRIMAERHELSETJENESTE');
    expect(rejected).toMatchObject({ status: 'rejected', patientObjectsToContact: true, rejection: { reason: 'PRIMAERHELSETJENESTE' } });
    expect(rejected.triage).toBeUndefined();
    expect(await count(`Task?based-on=Task/${referral.id}`)).toBe(0);
    expect(await count(`Task?based-on=ServiceRequest/${referral.serviceRequestId}`)).toBe(1); // the referral Task itself
    for (const state of ['open', 'mine', 'closed'] as const) {
      expect((await wholeQueue(api, state)).cases.filter((c) => c.patient?.id === patientId)).toEqual([]);
    }
    expect((await callAs(api, 'lowthreshold', 'GET', `/fhir/R4/ServiceRequest/${referral.serviceRequestId}`)).status).toBe(404);
  });

  it("takes the hospital system's answer too, and the GP sees it", async () => {
    const referral = await sendReferral(api, await newListPatient(api), world.unit);
    const answered = await answerReferral(api, referral, { answer: '2' }, 'ehr');
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'accepted', answer: { code: '2', display: 'Rett til helsehjelp, med frist' } });
    expect(answered.body.rejection).toBeUndefined();
    expect(answered.body.triage).toBeUndefined();
    expect((await get('gp', referral.id)).body).toEqual(answered.body);
  });

  it('lets the GP who sent it withdraw it, and nobody else', async () => {
    const referral = await sendReferral(api, await newListPatient(api), world.unit);
    const withdraw = (user: string, body: unknown) => callAs<ReferralSummary>(api, user, 'POST', `/api/referrals/${referral.id}/withdraw`, body);
    expect((await withdraw('gp2', { version: referral.version })).status).toBe(404);
    expect((await withdraw('coordinator', { version: referral.version })).status).toBe(403);
    expect((await withdraw('gp', { version: referral.version + 1 })).status).toBe(412);
    expect((await withdraw('gp', {})).status).toBe(428);
    expect((await get('gp', referral.id)).body.status).toBe('requested');

    const withdrawn = await withdraw('gp', { version: referral.version });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'cancelled', version: referral.version + 1 });
    expect((await withdraw('gp', { version: withdrawn.body.version })).status).toBe(409);
    expect((await answerReferral(api, withdrawn.body, { answer: '1' })).status).toBe(409);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const patientId = await newListPatient(api);
    const otherGpsPatient = await newListPatient(api, 'gp2');
    const good = { patientId, hospitalUnit: world.unit, reasonText: 'Vurdering' };
    const before = (await callAs<ReferralPage>(api, 'gp', 'GET', '/api/referrals?pageSize=1')).body.total;
    const bad: unknown[] = [
      { ...good, reasonText: 'før\u0000etter' },
      { ...good, reasonText: 'x'.repeat(4001) },
      { ...good, reasonText: '   ' },
      { ...good, reasonText: 42 },
      { ...good, hospitalUnit: 'Organization/finnes-ikke' },
      { ...good, hospitalUnit: gpRole('gp') },
      { ...good, hospitalUnit: `${world.unit}/../x` },
      { ...good, patientId: 'finnes-ikke' },
      { ...good, patientId: '../Patient/x' },
      { ...good, patientId: 'p'.repeat(65) },
      { ...good, patientId: otherGpsPatient },
      { ...good, priority: 'stat' },
      { ...good, patientObjectsToContact: 'ja' },
      { ...good, status: 'accepted' },
      { ...good, requester: gpRole('gp2') },
      { hospitalUnit: world.unit, reasonText: 'Vurdering' },
      [good],
    ];
    for (const body of bad) {
      const answer = await callAs<{ statusCode: number; message: string }>(api, 'gp', 'POST', '/api/referrals', body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      expect(answer.body.message).toBeTruthy();
    }
    expect((await callAs(api, 'coordinator', 'POST', '/api/referrals', good)).status).toBe(403);
    expect((await callAs(api, 'quality', 'POST', '/api/referrals', good)).status).toBe(403);
    expect(await count(`ServiceRequest?subject=Patient/${patientId}`)).toBe(0);
    expect(await count(`ServiceRequest?subject=Patient/${otherGpsPatient}`)).toBe(0);
    expect(await count(`Task?patient=Patient/${patientId}`)).toBe(0);
    expect((await callAs<ReferralPage>(api, 'gp', 'GET', '/api/referrals?pageSize=1')).body.total).toBe(before);

    const referral = await sendReferral(api, patientId, world.unit);
    const badAnswers: Array<Record<string, unknown>> = [
      { answer: '99' },
      { answer: '4', reason: 'FINNES-IKKE' },
      { answer: '1', reason: 'IKKE-PRIORITERT' },
      { answer: '4', reason: 'ANNET', reasonText: 'x'.repeat(4001) },
      { answer: '4', reason: 'ANNET', reasonText: 'a\u0000b' },
      { answer: 4, reason: 'IKKE-PRIORITERT' },
      { answer: '1', status: 'completed' },
      { answer: '1', version: -1 },
      { answer: '1', version: 'W/"1"' },
    ];
    for (const body of badAnswers) {
      const answer = await callAs(api, 'coordinator', 'POST', `/api/referrals/${referral.id}/answer`, { version: referral.version, ...body });
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
    for (const id of ['x'.repeat(65), 'a%20b', 'Task%2Fx']) {
      expect((await callAs(api, 'coordinator', 'POST', `/api/referrals/${id}/answer`, { version: 1, answer: '1' })).status).toBe(400);
      expect((await callAs(api, 'gp', 'GET', `/api/referrals/${id}`)).status).toBe(400);
    }
    expect((await callAs(api, 'coordinator', 'POST', '/api/referrals/finnes-ikke/answer', { version: 1, answer: '1' })).status).toBe(404);
    expect((await get('gp', referral.id)).body).toEqual(referral);
    expect(await count(`Task?based-on=Task/${referral.id}`)).toBe(0);
  });
});
