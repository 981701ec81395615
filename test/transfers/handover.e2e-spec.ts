import Client from 'fhir-kit-client';
import { Bundle, HANDOVER_IDENTIFIER_SYSTEM, Resource } from '@app/fhir';
import { asTransaction } from '../../tools/simulator/discharge-handover';
import { addCalendarDays, utcDateFromNow } from '../support/clock';
import { failureOf } from '../support/fhir-error';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient, postHandover, sendHandoverMessage, tasksOfStay } from '../support/transfers';

type MessageHeader = { resourceType: 'MessageHeader'; response?: { identifier: string; code: string; details?: { reference: string } } };

const headerOf = (bundle: Bundle) => bundle.entry![0].resource as unknown as MessageHeader;
const encounterIdOf = (response: Bundle) => response.entry!.find((e) => e.response?.location?.startsWith('Encounter/'))!.response!.location!.split('/')[1];

describe('discharge hand-over', () => {
  let api: TestApi;
  let fhir: Client;

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
  });
  afterAll(() => api.close());

  it("completes each task: the patient's GP as owner, a due date per category, the hand-over's id", async () => {
    // 23:30 UTC is already the next day in Bergen (00:30 or 01:30): due dates count from there.
    const dischargeDay = utcDateFromNow(-1);
    const bergenDay = addCalendarDays(dischargeDay, 1);
    const { tasks } = await postHandover(fhir, handover({ categories: ['PROVESVAR', 'KONTROLL', 'RESEPT-NY', 'SYKMELD'], dischargedAt: `${dischargeDay}T23:30:00Z` }));
    expect(tasks).toHaveLength(4);
    for (const task of tasks) {
      expect(task.owner).toEqual({ reference: gpRole() });
      expect(task.status).toBe('requested');
      expect((task.code as { coding: Array<{ code: string }> }).coding[0].code).toBe('fulfill');
      expect((task.groupIdentifier as { system: string }).system).toBe(HANDOVER_IDENTIFIER_SYSTEM);
    }
    expect(tasks.map((t) => (t.restriction as { period: { end: string } }).period.end)).toEqual([7, 28, 3, 3].map((days) => addCalendarDays(bergenDay, days)));
  });

  it("gives a patient listed only with a GP office to the office's shared list, and one without a GP to the unassigned queue", async () => {
    const office = testDirectory().demoOrganizations.gpOfficeSentrum;
    const toOffice = await postHandover(fhir, handover({ patient: newPatient(office) }));
    expect(toOffice.tasks[0].owner).toEqual({ reference: office });
    const unassigned = await postHandover(fhir, handover({ patient: newPatient() }));
    expect(unassigned.tasks[0].owner).toBeUndefined();
    const queue = (await fhir.search({ resourceType: 'Task', searchParams: { 'owner:missing': 'true', _id: unassigned.tasks[0].id! } } as never)) as unknown as Bundle;
    expect(queue.total).toBe(1);
  });

  it('keeps an owner the hospital names', async () => {
    const { tasks } = await postHandover(fhir, handover({ owner: gpRole('gp2') }));
    expect(tasks[0].owner).toEqual({ reference: gpRole('gp2') });
  });

  it('is idempotent: the same hand-over by transaction and by message, each sent twice, gives one result', async () => {
    const content = handover({ categories: ['KONTROLL', 'MED-JUST'] });
    const first = await postHandover(fhir, content);
    const again = await postHandover(fhir, content);
    expect(again.tasks.map((t) => t.id)).toEqual(first.tasks.map((t) => t.id));
    expect(again.response.entry!.every((e) => e.response!.status === '200 OK')).toBe(true);

    const asMessage = await sendHandoverMessage(api, content, 'msg-handover-1');
    const resent = await sendHandoverMessage(api, content, 'msg-handover-1');
    expect(asMessage.status).toBe(200);
    expect(headerOf(asMessage.body).response).toMatchObject({ identifier: 'msg-handover-1', code: 'ok' });
    expect(resent.body).toEqual(asMessage.body);

    const stored = await tasksOfStay(fhir, encounterIdOf(first.response));
    expect(stored.map((t) => t.id).sort()).toEqual(first.tasks.map((t) => t.id).sort());
  });

  it('a hand-over first sent as a message, then posted as a transaction, is one hand-over', async () => {
    const content = handover();
    const message = await sendHandoverMessage(api, content, 'msg-handover-2');
    expect(headerOf(message.body).response!.code).toBe('ok');
    const viaMessage = message.body.entry!.filter((e) => e.resource?.resourceType === 'Task').map((e) => e.resource!.id);
    const posted = await postHandover(fhir, content);
    expect(posted.tasks.map((t) => t.id)).toEqual(viaMessage);
  });

  it('concurrent duplicate posts create one hand-over', async () => {
    const content = handover({ categories: ['PROVESVAR', 'PASREISE'] });
    const results = await Promise.all(Array.from({ length: 6 }, () => postHandover(fhir, content)));
    const taskIds = new Set(results.flatMap((r) => r.tasks.map((t) => t.id)));
    expect(taskIds.size).toBe(2);
    expect(await tasksOfStay(fhir, encounterIdOf(results[0].response))).toHaveLength(2);
  });

  it('refuses an unknown category, naming the entry, and writes nothing', async () => {
    const content = handover({ categories: ['PROVESVAR', 'KONTROLL'] });
    const bundle = asTransaction(content);
    (bundle.entry![3].resource as unknown as { businessStatus: { coding: Array<{ code: string }> } }).businessStatus.coding[0].code = 'UKJENT';
    const failure = await failureOf(fhir.transaction({ body: bundle } as never));
    expect(failure.status).toBe(422);
    expect(failure.data.issue![0].expression).toContain('Bundle.entry[3]');
    const patientIdentifier = (content.entries[0].resource!.identifier as Array<{ system: string; value: string }>)[0];
    const patients = (await fhir.search({ resourceType: 'Patient', searchParams: { identifier: `${patientIdentifier.system}|${patientIdentifier.value}` } } as never)) as unknown as Bundle;
    expect(patients.total).toBe(0);
  });

  it('lets only the requesting hospital hand over', async () => {
    const failure = await failureOf((await api.fhirClient('gp')).transaction({ body: asTransaction(handover()) } as never));
    expect(failure.status).toBe(403);
  });

  it('publishes the task categories as a CodeSystem', async () => {
    const codeSystem = (await fhir.read({ resourceType: 'CodeSystem', id: 'task-category' } as never)) as unknown as { url: string; concept: Array<{ code: string }> };
    expect(codeSystem.url).toBe('urn:bro:task-category');
    expect(codeSystem.concept.map((c) => c.code)).toHaveLength(12);
  });

  describe('$process-message', () => {
    it('answers a bad hand-over with fatal-error and an OperationOutcome, and the same answer when re-sent', async () => {
      const content = handover();
      delete (content.entries[1].resource as { identifier?: unknown }).identifier;
      const answer = await sendHandoverMessage(api, content, 'msg-bad-1');
      expect(answer.status).toBe(422);
      const header = headerOf(answer.body);
      expect(header.response).toMatchObject({ identifier: 'msg-bad-1', code: 'fatal-error' });
      const outcome = answer.body.entry!.find((e) => e.resource?.resourceType === 'OperationOutcome')!.resource as unknown as { issue: Array<{ expression: string[] }> };
      expect(outcome.issue[0].expression).toContain('Bundle.entry[2]');
      expect((await sendHandoverMessage(api, content, 'msg-bad-1')).body).toEqual(answer.body);
    });

    it('refuses an unknown event with fatal-error, and a Bundle that is not a message with 400', async () => {
      const message = {
        resourceType: 'Bundle',
        type: 'message',
        entry: [{ resource: { resourceType: 'MessageHeader', id: 'msg-unknown-1', eventCoding: { system: 'urn:bro:message-event', code: 'no-such-event' } } }],
      };
      const unknown = await callAs<Bundle>(api, 'ehr', 'POST', '/fhir/R4/$process-message', message);
      expect(headerOf(unknown.body).response!.code).toBe('fatal-error');
      const notAMessage = await callAs<{ resourceType: string }>(api, 'ehr', 'POST', '/fhir/R4/$process-message', { resourceType: 'Bundle', type: 'batch' });
      expect(notAMessage.status).toBe(400);
      expect(notAMessage.body.resourceType).toBe('OperationOutcome');
    });

    it('task-status: a GP system reports a status change under the same state machine, exactly once', async () => {
      const { tasks } = await postHandover(fhir, handover());
      const message = (id: string, task: Resource) => ({
        resourceType: 'Bundle',
        type: 'message',
        entry: [
          { resource: { resourceType: 'MessageHeader', id, eventCoding: { system: 'urn:bro:message-event', code: 'task-status' }, source: { endpoint: 'urn:gp-ehr' } } },
          { resource: task },
        ],
      });
      const accepted = await callAs<Bundle>(api, 'gp', 'POST', '/fhir/R4/$process-message', message('msg-status-1', { ...tasks[0], status: 'accepted' }));
      expect(headerOf(accepted.body).response!.code).toBe('ok');
      const resent = await callAs<Bundle>(api, 'gp', 'POST', '/fhir/R4/$process-message', message('msg-status-1', { ...tasks[0], status: 'accepted' }));
      expect(resent.body).toEqual(accepted.body);
      const stored = (await fhir.read({ resourceType: 'Task', id: tasks[0].id! } as never)) as unknown as Resource;
      expect(stored.status).toBe('accepted');
      expect(stored.meta!.versionId).toBe('2');

      const skipping = await callAs<Bundle>(api, 'gp', 'POST', '/fhir/R4/$process-message', message('msg-status-2', { ...stored, status: 'completed' }));
      expect(skipping.status).toBe(409);
      expect(headerOf(skipping.body).response!.code).toBe('fatal-error');
      const byHospital = await callAs<Bundle>(api, 'coordinator', 'POST', '/fhir/R4/$process-message', message('msg-status-3', { ...stored, status: 'in-progress' }));
      expect(byHospital.status).toBe(403);
    });
  });
});
