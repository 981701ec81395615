import { randomUUID } from 'node:crypto';
import {
  Bundle,
  CLAIMED_BY_EXTENSION,
  CONTACT_ATTEMPT_EXTENSION,
  CONTACT_ATTEMPT_RESULT_SYSTEM,
  MESSAGE_EVENT_SYSTEM,
  MessageEvent,
  PATIENT_OBJECTS_TO_CONTACT_EXTENSION,
  REFERRAL_ANSWER_SYSTEM,
  ROUTED_BY_RULE_EXTENSION,
  Resource,
  TASK_KIND_SYSTEM,
  TASK_OUTPUT_SYSTEM,
  TRIAGE_OUTCOME_OUTPUT,
  TRIAGE_OUTCOME_SYSTEM,
} from '@app/fhir';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { addWorkingDays } from '../../apps/api/src/common/calendar/working-days';
import { Database } from '../../apps/api/src/database/sql-client';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit, testDirectory } from '../support/test-directory';
import { callAs, gpRole, newPatient } from '../support/transfers';
import { StoredResource, casesOfReferral, installRoutingRules, rejectedVersion, sendReferralOverFhir } from '../support/referrals';

jest.setTimeout(120_000);

type Stored = StoredResource;

/**
 * A referral end to end through FHIR, as the GP's and the hospital's systems would send it: the dates the
 * law counts from, the answer on both channels (REST and the `referral-answer` message, exactly once), a
 * rejection routed by the stored rules in the same transaction (and not when the patient objected), the
 * triage Task's moves, and who sees what.
 */
describe('referral workflow over FHIR', () => {
  let api: TestApi;
  let database: Database;
  let service: string;
  let ruleSetVersion: number;
  let rules: { version: number; remove: () => Promise<void> };
  let patient: string;

  const fhir = <T = Stored>(user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callAs<T>(api, user, method, `/fhir/R4/${path}`, body, headers);

  async function create(resource: Resource, user = 'ehr'): Promise<string> {
    const created = await fhir(user, 'POST', resource.resourceType, resource);
    expect(created.status).toBe(201);
    return `${resource.resourceType}/${created.body.id}`;
  }

  const sendReferral = (options: { objects?: boolean; priority?: string } = {}) => sendReferralOverFhir(api, { patient, ...options });
  const rejected = rejectedVersion;

  const triageOf = (referralTaskId: string) => casesOfReferral(api, referralTaskId);

  const caseRow = async (referralTaskId: string) =>
    (await database.query<Record<string, unknown>>(`SELECT *, assessment_deadline::text AS deadline, triage_deadline::text AS triage_day FROM referral_case WHERE referral_task_id = $1`, [referralTaskId])).rows[0];

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
    patient = await create(newPatient(gpRole()));
    service = await create({
      resourceType: 'HealthcareService',
      identifier: [{ system: 'urn:bro:healthcare-service', value: `test-${randomUUID()}` }],
      active: true,
      providedBy: { reference: testDirectory().demoOrganizations.lavterskel },
      name: 'Lavterskel psykisk helse (test)',
    });
    // Rules as data: this unit's "belongs to primary care" goes to our service within 3 working days; the rest to the demo service.
    rules = await installRoutingRules(
      database,
      [
        { id: 'primaer-fra-medisinsk', reasons: ['PRIMAERHELSETJENESTE'], hospitalUnits: [demoUnit()], routeTo: service, triageWorkingDays: 3 },
        { id: 'alle', routeTo: testDirectory().lowThresholdService },
      ],
      'referral-workflow test',
    );
    ruleSetVersion = rules.version;
  });

  afterAll(async () => {
    await rules.remove();
    await api.close();
  });

  it('stores a sent referral with the dates the law counts from, for the GP and the hospital unit only', async () => {
    const { request, task } = await sendReferral();
    const period = (task.restriction as { period: { start: string; end: string } }).period;
    expect(period.end).toBe(addWorkingDays(osloDate(new Date(period.start)), 10));
    expect(Date.now() - new Date(period.start).getTime()).toBeLessThan(60_000);
    expect(task.authoredOn).toBeDefined();
    expect(task.basedOn).toEqual([{ reference: `ServiceRequest/${request.id}` }]);
    expect((await caseRow(task.id)).deadline).toBe(period.end);
    expect((await fhir('coordinator', 'GET', `Task/${task.id}`)).status).toBe(200);
    expect((await fhir('coordinator', 'GET', `ServiceRequest/${request.id}`)).status).toBe(200);
    for (const outsider of ['gp2', 'lowthreshold']) {
      expect((await fhir(outsider, 'GET', `Task/${task.id}`)).status).toBe(404);
      expect((await fhir(outsider, 'GET', `ServiceRequest/${request.id}`)).status).toBe(404);
    }
    expect((await fhir('quality', 'GET', `Task/${task.id}`)).status).toBe(403);
  });

  it('lets only the referring GP send, and only as requested with no answer', async () => {
    const { task } = await sendReferral();
    const { id: _id, meta: _meta, ...copy } = task;
    expect((await fhir('gp2', 'POST', 'Task', copy)).status).toBe(403);
    expect((await fhir('gp', 'POST', 'Task', { ...copy, status: 'accepted' })).status).toBe(409);
    expect((await fhir('gp', 'POST', 'Task', { ...copy, owner: { reference: testDirectory().demoOrganizations.lavterskel } })).status).toBe(422);
    expect((await fhir('gp', 'POST', 'Task', { ...copy, authoredOn: new Date(Date.now() + 86_400_000).toISOString() })).status).toBe(422);
  });

  it('refuses answers the table does not allow, and leaves the referral as it was', async () => {
    const { task } = await sendReferral();
    const ifMatch = { 'If-Match': `W/"${task.meta.versionId}"` };
    const noReason = { ...rejected(task), statusReason: undefined };
    expect((await fhir('coordinator', 'PUT', `Task/${task.id}`, noReason, ifMatch)).status).toBe(422);
    const otherWithoutText = rejected(task, 'ANNET');
    expect((await fhir('coordinator', 'PUT', `Task/${task.id}`, otherWithoutText, ifMatch)).status).toBe(422);
    const wrongCode = { ...rejected(task), businessStatus: { coding: [{ system: REFERRAL_ANSWER_SYSTEM, code: '1' }] } };
    expect((await fhir('coordinator', 'PUT', `Task/${task.id}`, wrongCode, ifMatch)).status).toBe(422);
    expect((await fhir('coordinator', 'PUT', `Task/${task.id}`, rejected(task))).status).toBe(428);
    expect((await fhir('gp', 'PUT', `Task/${task.id}`, rejected(task), ifMatch)).status).toBe(403);
    const current = (await fhir('ehr', 'GET', `Task/${task.id}`)).body;
    expect(current.status).toBe('requested');
    expect(current.meta.versionId).toBe(task.meta.versionId);
    expect(await triageOf(task.id)).toHaveLength(0);
  });

  it('routes a rejection by the first matching rule, in the same transaction, to the service alone', async () => {
    const { request, task } = await sendReferral({ priority: 'urgent' });
    const answer = await fhir('coordinator', 'PUT', `Task/${task.id}`, rejected(task), { 'If-Match': `W/"${task.meta.versionId}"` });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('rejected');
    const [triage, ...more] = await triageOf(task.id);
    expect(more).toHaveLength(0);
    expect(triage.owner).toEqual({ reference: service });
    expect(triage.status).toBe('requested');
    expect(triage.priority).toBe('urgent');
    expect(triage.basedOn).toEqual([{ reference: `ServiceRequest/${request.id}` }, { reference: `Task/${task.id}` }]);
    expect((triage.restriction as { period: { end: string } }).period.end).toBe(addWorkingDays(osloDate(new Date()), 3));
    expect(triage.extension).toContainEqual({ url: ROUTED_BY_RULE_EXTENSION, valueString: `${ruleSetVersion}/primaer-fra-medisinsk` });
    const row = await caseRow(task.id);
    expect(row).toMatchObject({ status: 'rejected', answer: '4', rejection_reason: 'PRIMAERHELSETJENESTE', triage_task_id: triage.id, service, triage_status: 'requested', urgent: true });

    // The service sees its case, the rejected referral it is based on and the patient; nothing else of theirs.
    for (const path of [`Task/${triage.id}`, `Task/${task.id}`, `ServiceRequest/${request.id}`, patient]) expect((await fhir('lowthreshold', 'GET', path)).status).toBe(200);
    const patientId = patient.split('/')[1];
    const seen = await fhir<Bundle>('lowthreshold', 'GET', `Task?patient=${patientId}&_count=100`);
    expect(seen.body.entry?.map((entry) => entry.resource?.id).sort()).toEqual(
      expect.arrayContaining([triage.id, task.id].sort()),
    );
    // Only cases and the referrals they are based on: the unrouted referrals of the same patient stay hidden.
    const kinds = new Set(seen.body.entry?.map((entry) => (entry.resource?.code as { coding: Array<{ system: string; code: string }> }).coding.find((c) => c.system === TASK_KIND_SYSTEM)?.code));
    expect([...kinds].sort()).toEqual(['lowthreshold-triage', 'referral-fulfilment']);
    const visibleReferrals = seen.body.entry?.filter((entry) => entry.resource?.status !== 'rejected' && (entry.resource?.code as { coding: Array<{ code: string }> }).coding.some((c) => c.code === 'referral-fulfilment'));
    expect(visibleReferrals).toHaveLength(0);
    // The GP follows where the patient is; the hospital unit is no party to the municipality's case.
    expect((await fhir('gp', 'GET', `Task/${triage.id}`)).status).toBe(200);
    expect((await fhir('coordinator', 'GET', `Task/${triage.id}`)).status).toBe(404);
    expect((await fhir('gp2', 'GET', `Task/${triage.id}`)).status).toBe(404);
  });

  it('routes a rejection the specific rule does not take to the catch-all', async () => {
    const { task } = await sendReferral();
    await fhir('coordinator', 'PUT', `Task/${task.id}`, rejected(task, 'ANNET', 'Bør vurderes av kommunen'), { 'If-Match': `W/"${task.meta.versionId}"` });
    const [triage] = await triageOf(task.id);
    expect(triage.owner).toEqual({ reference: testDirectory().lowThresholdService });
    expect(triage.extension).toContainEqual({ url: ROUTED_BY_RULE_EXTENSION, valueString: `${ruleSetVersion}/alle` });
  });

  it('routes nothing when the patient objected to contact, and shows the service nothing', async () => {
    const { request, task } = await sendReferral({ objects: true });
    const answer = await fhir('coordinator', 'PUT', `Task/${task.id}`, rejected(task), { 'If-Match': `W/"${task.meta.versionId}"` });
    expect(answer.status).toBe(200);
    expect(await triageOf(task.id)).toHaveLength(0);
    expect(await caseRow(task.id)).toMatchObject({ status: 'rejected', objected: true, triage_task_id: null });
    expect((await fhir('lowthreshold', 'GET', `Task/${task.id}`)).status).toBe(404);
    expect((await fhir('lowthreshold', 'GET', `ServiceRequest/${request.id}`)).status).toBe(404);
  });

  it('calls the case off when the patient objects after it was routed, and takes it out of the service’s view', async () => {
    const { request, task } = await sendReferral();
    await fhir('coordinator', 'PUT', `Task/${task.id}`, rejected(task), { 'If-Match': `W/"${task.meta.versionId}"` });
    const [triage] = await triageOf(task.id);
    expect((await fhir('lowthreshold', 'GET', `Task/${triage.id}`)).status).toBe(200);
    const objecting = { ...request, extension: [{ url: PATIENT_OBJECTS_TO_CONTACT_EXTENSION, valueBoolean: true }] };
    const objected = await fhir('gp', 'PUT', `ServiceRequest/${request.id}`, objecting, { 'If-Match': `W/"${request.meta.versionId}"` });
    expect(objected.status).toBe(200);
    const [calledOff] = await triageOf(task.id);
    expect(calledOff.status).toBe('cancelled');
    expect(await caseRow(task.id)).toMatchObject({ objected: true, triage_status: 'cancelled' });
    for (const path of [`Task/${triage.id}`, `Task/${task.id}`, `ServiceRequest/${request.id}`]) expect((await fhir('lowthreshold', 'GET', path)).status).toBe(404);
    expect((await fhir('gp', 'GET', `Task/${triage.id}`)).body.status).toBe('cancelled');
  });

  it('takes the answer as a referral-answer message exactly once per message id', async () => {
    const { task } = await sendReferral();
    const messageId = randomUUID();
    const message = {
      resourceType: 'Bundle',
      type: 'message',
      timestamp: new Date().toISOString(),
      entry: [
        {
          fullUrl: `urn:uuid:${messageId}`,
          resource: {
            resourceType: 'MessageHeader',
            id: messageId,
            eventCoding: { system: MESSAGE_EVENT_SYSTEM, code: MessageEvent.ReferralAnswer },
            source: { name: 'Haukeland EHR (test)', endpoint: 'urn:bro:test:haukeland-ehr' },
            focus: [{ reference: `Task/${task.id}` }],
          },
        },
        { fullUrl: `${api.baseUrl}/Task/${task.id}`, resource: rejected(task) },
      ],
    };
    const first = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4/$process-message', message);
    expect(first.status).toBe(200);
    const again = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4/$process-message', message);
    expect(again.status).toBe(200);
    expect((await fhir('ehr', 'GET', `Task/${task.id}`)).body).toMatchObject({ status: 'rejected', meta: { versionId: '2' } });
    expect(await triageOf(task.id)).toHaveLength(1);
  });

  it('refuses a referral-answer message for a Task that is no referral, and changes nothing', async () => {
    const { task } = await sendReferral();
    await fhir('coordinator', 'PUT', `Task/${task.id}`, rejected(task), { 'If-Match': `W/"${task.meta.versionId}"` });
    const [triage] = await triageOf(task.id);
    const messageId = randomUUID();
    const answer = await callAs<Resource>(api, 'ehr', 'POST', '/fhir/R4/$process-message', {
      resourceType: 'Bundle',
      type: 'message',
      timestamp: new Date().toISOString(),
      entry: [
        { fullUrl: `urn:uuid:${messageId}`, resource: { resourceType: 'MessageHeader', id: messageId, eventCoding: { system: MESSAGE_EVENT_SYSTEM, code: MessageEvent.ReferralAnswer }, source: { endpoint: 'urn:bro:test:haukeland-ehr' } } },
        { fullUrl: `${api.baseUrl}/Task/${triage.id}`, resource: { ...triage, description: 'endret' } },
      ],
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect((await fhir('ehr', 'GET', `Task/${triage.id}`)).body.meta.versionId).toBe(triage.meta.versionId);
  });

  describe('triage', () => {
    let triage: Stored;

    beforeAll(async () => {
      const { task } = await sendReferral();
      await fhir('coordinator', 'PUT', `Task/${task.id}`, rejected(task), { 'If-Match': `W/"${task.meta.versionId}"` });
      [triage] = await triageOf(task.id);
    });

    const put = (user: string, body: Resource, version: string) => fhir(user, 'PUT', `Task/${body.id}`, body, { 'If-Match': `W/"${version}"` });
    const outcome = (code: string, text?: string) => [
      { type: { coding: [{ system: TASK_OUTPUT_SYSTEM, code: TRIAGE_OUTCOME_OUTPUT }] }, valueCodeableConcept: { coding: [{ system: TRIAGE_OUTCOME_SYSTEM, code }], ...(text ? { text } : {}) } },
    ];

    it('is created by Bro only', async () => {
      const { id: _id, meta: _meta, ...copy } = triage;
      expect((await fhir('ehr', 'POST', 'Task', copy)).status).toBe(403);
      expect((await fhir('lowthreshold', 'POST', 'Task', copy)).status).toBe(403);
    });

    it('is claimed by the service, worked by the claimant, and closed with a coded outcome', async () => {
      expect((await put('gp', { ...triage, status: 'in-progress' }, triage.meta.versionId)).status).toBe(403);
      const claimed = await put('lowthreshold', { ...triage, status: 'in-progress' }, triage.meta.versionId);
      expect(claimed.status).toBe(200);
      expect(claimed.body.extension).toContainEqual(expect.objectContaining({ url: CLAIMED_BY_EXTENSION, valueReference: expect.objectContaining({ display: 'Liv Lavterskel' }) }));
      let current = claimed.body;

      expect((await put('lowthreshold', { ...current, status: 'completed' }, current.meta.versionId)).status).toBe(422);
      expect((await put('lowthreshold', { ...current, status: 'completed', output: outcome('IKKE-NADD') }, current.meta.versionId)).status).toBe(422);
      expect((await put('lowthreshold', { ...current, status: 'completed', output: outcome('KOMMUNALT-TILBUD') }, current.meta.versionId)).status).toBe(422);

      const attempt = { text: 'Ringte, ingen svar', time: '1999-01-01T00:00:00Z', extension: [{ url: CONTACT_ATTEMPT_EXTENSION, valueCoding: { system: CONTACT_ATTEMPT_RESULT_SYSTEM, code: 'not-reached' } }] };
      const logged = await put('lowthreshold', { ...current, note: [attempt] }, current.meta.versionId);
      expect(logged.status).toBe(200);
      const note = (logged.body.note as Array<{ time: string; authorString: string }>)[0];
      expect(Date.now() - new Date(note.time).getTime()).toBeLessThan(60_000);
      expect(note.authorString).toBe('Liv Lavterskel');
      current = logged.body;
      expect((await put('lowthreshold', { ...current, note: undefined }, current.meta.versionId)).status).toBe(409);

      const done = await put('lowthreshold', { ...current, status: 'completed', output: outcome('KOMMUNALT-TILBUD', 'Rask psykisk helsehjelp') }, current.meta.versionId);
      expect(done.status).toBe(200);
      expect(await caseRow((triage.basedOn as Array<{ reference: string }>)[1].reference.slice(5))).toMatchObject({ triage_status: 'completed', outcome: 'KOMMUNALT-TILBUD' });
      expect((await put('lowthreshold', { ...done.body, description: 'etterpå' }, done.body.meta.versionId)).status).toBe(409);
      expect((await fhir('lowthreshold', 'DELETE', `Task/${triage.id}`)).status).toBe(409);
    });
  });
});
