import { randomUUID } from 'node:crypto';
import {
  Bundle,
  ERESEPT_MESSAGE_SYSTEM,
  MESSAGE_EVENT_SYSTEM,
  MULTIDOSE_STATE_EXTENSION,
  MessageEvent,
  PACKED_FROM_LIST_EXTENSION,
  PACKED_OLD_LIST_EXTENSION,
  Resource,
  TASK_KIND_SYSTEM,
} from '@app/fhir';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { addWorkingDays } from '../../apps/api/src/common/calendar/working-days';
import { Database } from '../../apps/api/src/database/sql-client';
import { daysFromNow } from '../support/clock';
import { StoredResource } from '../support/referrals';
import { MultidosePatient, newMultidosePatient } from '../support/multidose';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';
import { callAs, gpRole, handover, postHandover } from '../support/transfers';

jest.setTimeout(120_000);

const stateOf = (episode: Resource) => (episode.extension as Array<{ url: string; valueCode?: string }>).find((e) => e.url === MULTIDOSE_STATE_EXTENSION)?.valueCode;

/**
 * A multidose patient through a stay, over FHIR: the episode's rules table on every write, an admission
 * suspending it, a discharge with medication changes making the change pending and giving the responsible
 * doctor an update Task in the same transaction, the doctor's complete list (M25.1) closing both, an old
 * dispensing report after the due date flagging the pharmacy, and the `multidose-event` message once.
 */
describe('multidose episode', () => {
  let api: TestApi;
  let database: Database;

  const fhir = <T = StoredResource>(user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callAs<T>(api, user, method, `/fhir/R4/${path}`, body, headers);

  async function multidosePatient(state = 'active'): Promise<MultidosePatient> {
    return newMultidosePatient(api, { state });
  }

  const read = async (reference: string) => (await fhir('ehr', 'GET', reference)).body;
  const updateTasksOf = async (episodeId: string) =>
    (await fhir<Bundle>('ehr', 'GET', `Task?focus=EpisodeOfCare/${episodeId}&code=${TASK_KIND_SYSTEM}|multidose-update`)).body.entry?.map((e) => e.resource as StoredResource) ?? [];
  const event = (patientRef: string, message: string, extra: Partial<Resource> = {}) => ({
    resourceType: 'Communication',
    status: 'completed',
    category: [{ coding: [{ system: ERESEPT_MESSAGE_SYSTEM, code: message }] }],
    subject: { reference: patientRef },
    sent: new Date().toISOString(),
    ...extra,
  });

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
  });
  afterAll(() => api.close());

  it('keeps the R4 status in step with the state, one open episode per patient', async () => {
    const { patientRef, episode } = await multidosePatient('candidate');
    expect(episode.status).toBe('planned');
    const second = await fhir('gp', 'POST', 'EpisodeOfCare', { ...episode, id: undefined, meta: undefined });
    expect(second.status).toBe(409);
    const started = await fhir('gp', 'PUT', `EpisodeOfCare/${episode.id}`, { ...episode, extension: [{ url: MULTIDOSE_STATE_EXTENSION, valueCode: 'start-pending' }] }, { 'If-Match': `W/"${episode.meta.versionId}"` });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('waitlist');
    expect(started.body.statusHistory).toEqual([expect.objectContaining({ status: 'planned' })]);
    expect(patientRef).toBeDefined();
  });

  it('lets only the right party make each move', async () => {
    const { episode } = await multidosePatient();
    const to = (state: string) => ({ ...episode, extension: (episode.extension as Array<{ url: string }>).map((e) => (e.url === MULTIDOSE_STATE_EXTENSION ? { url: e.url, valueCode: state } : e)) });
    const ifMatch = { 'If-Match': `W/"${episode.meta.versionId}"` };
    // Admission is the hospital's (or Bro's) to record, not the GP's.
    expect((await fhir('gp', 'PUT', `EpisodeOfCare/${episode.id}`, to('suspended-admitted'), ifMatch)).status).toBe(403);
    expect((await fhir('gp', 'PUT', `EpisodeOfCare/${episode.id}`, to('candidate'), ifMatch)).status).toBe(409);
    expect((await fhir('gp', 'PUT', `EpisodeOfCare/${episode.id}`, to('change-pending'))).status).toBe(428);
    expect((await fhir('gp2', 'PUT', `EpisodeOfCare/${episode.id}`, to('change-pending'), ifMatch)).status).toBe(404);
    expect((await fhir('quality', 'GET', `EpisodeOfCare/${episode.id}`)).status).toBe(403);
    expect((await fhir('coordinator', 'GET', `EpisodeOfCare/${episode.id}`)).status).toBe(404);
    const pending = await fhir('gp', 'PUT', `EpisodeOfCare/${episode.id}`, to('change-pending'), ifMatch);
    expect(pending.status).toBe(200);
    expect((await fhir('gp', 'DELETE', `EpisodeOfCare/${episode.id}`)).status).toBe(409);
  });

  it('suspends the episode at admission, shows it to the unit during the stay, and resumes it at discharge', async () => {
    const { patientRef, episode } = await multidosePatient();
    const stay = await fhir('ehr', 'POST', 'Encounter', {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: patientRef },
      serviceProvider: { reference: demoUnit() },
      period: { start: daysFromNow(-1) },
    });
    expect(stay.status).toBe(201);
    const suspended = await read(`EpisodeOfCare/${episode.id}`);
    expect([stateOf(suspended), suspended.status]).toEqual(['suspended-admitted', 'onhold']);
    expect((await fhir('coordinator', 'GET', `EpisodeOfCare/${episode.id}`)).status).toBe(200);
    const finished = await fhir('ehr', 'PUT', `Encounter/${stay.body.id}`, { ...stay.body, status: 'finished', period: { start: daysFromNow(-1), end: new Date().toISOString() } });
    expect(finished.status).toBe(200);
    expect(stateOf(await read(`EpisodeOfCare/${episode.id}`))).toBe('active');
    expect((await fhir('coordinator', 'GET', `EpisodeOfCare/${episode.id}`)).status).toBe(404);
  });

  it('makes a discharge with medication changes pending and gives the doctor one update Task, in the same transaction', async () => {
    const { patient, episode } = await multidosePatient();
    const { tasks } = await postHandover(await api.fhirClient('ehr'), handover({ patient, categories: ['RESEPT-NY', 'MED-JUST', 'PROVESVAR'] }));
    expect(stateOf(await read(`EpisodeOfCare/${episode.id}`))).toBe('change-pending');
    const [update, ...more] = await updateTasksOf(episode.id);
    expect(more).toHaveLength(0);
    expect(update.owner).toEqual(expect.objectContaining({ reference: gpRole() }));
    expect((update.restriction as { period: { end: string } }).period.end).toBe(addWorkingDays(osloDate(new Date()), 2));
    const changed = tasks.filter((task) => ['RESEPT-NY', 'MED-JUST'].includes((task.businessStatus as { coding: Array<{ code: string }> }).coding[0].code)).map((task) => `Task/${task.id}`);
    expect((update.basedOn as Array<{ reference: string }>).map((link) => link.reference).sort()).toEqual(changed.sort());
    expect((await fhir('gp', 'GET', `Task/${update.id}`)).status).toBe(200);
  });

  it('leaves the episode as it was when the hand-over fails', async () => {
    const { patient, episode } = await multidosePatient();
    const content = handover({ patient, categories: ['RESEPT-NY'] });
    const broken = { ...content, entries: [...content.entries, { fullUrl: `urn:uuid:${randomUUID()}`, resource: { resourceType: 'Task', status: 'nonsense' } as Resource }] };
    await expect(postHandover(await api.fhirClient('ehr'), broken)).rejects.toBeDefined();
    expect(stateOf(await read(`EpisodeOfCare/${episode.id}`))).toBe('active');
    expect(await updateTasksOf(episode.id)).toHaveLength(0);
  });

  it('closes the change with the doctor’s complete list (M25.1), and refuses it from anyone else', async () => {
    const { patient, patientRef, episode } = await multidosePatient();
    await postHandover(await api.fhirClient('ehr'), handover({ patient, categories: ['RESEPT-NY'] }));
    expect((await fhir('gp2', 'POST', 'Communication', event(patientRef, 'M25.1'))).status).toBe(403);
    expect((await fhir('gp', 'POST', 'Communication', event(patientRef, 'M25.3'))).status).toBe(403);
    expect((await fhir('gp', 'POST', 'Communication', event(patientRef, 'M25.1', { sent: daysFromNow(2) }))).status).toBe(422);
    const list = await fhir('gp', 'POST', 'Communication', event(patientRef, 'M25.1'));
    expect(list.status).toBe(201);
    expect(stateOf(await read(`EpisodeOfCare/${episode.id}`))).toBe('active');
    const [update] = await updateTasksOf(episode.id);
    expect(update.status).toBe('completed');
    expect((await fhir('gp', 'PUT', `Communication/${list.body.id}`, { ...list.body, sent: new Date().toISOString() })).status).toBe(409);
  });

  it('flags a dispensing report (M25.3) that still packs the old list after the due date', async () => {
    const { patient, patientRef, episode } = await multidosePatient();
    const before = daysFromNow(-10);
    await postHandover(await api.fhirClient('ehr'), handover({ patient, categories: ['MED-JUST'] }));
    const [update] = await updateTasksOf(episode.id);
    const report = event(patientRef, 'M25.3', { extension: [{ url: PACKED_FROM_LIST_EXTENSION, valueDateTime: before }] });
    // Before the due date the pharmacy may still be packing the old list: no deviation.
    expect((await fhir('ehr', 'POST', 'Communication', report)).status).toBe(201);
    expect(JSON.stringify(await read(`EpisodeOfCare/${episode.id}`))).not.toContain(PACKED_OLD_LIST_EXTENSION);
    // The due date passed (moved back in the stored Task, as if days had gone by).
    await database.query(`UPDATE fhir_task SET resource = jsonb_set(resource, '{restriction,period,end}', to_jsonb($2::text)) WHERE id = $1`, [update.id, osloDate(new Date(Date.now() - 3 * 86_400_000))]);
    expect((await fhir('ehr', 'POST', 'Communication', { ...report, sent: new Date().toISOString() })).status).toBe(201);
    expect(JSON.stringify(await read(`EpisodeOfCare/${episode.id}`))).toContain(PACKED_OLD_LIST_EXTENSION);
    await fhir('gp', 'POST', 'Communication', event(patientRef, 'M25.1'));
    expect(JSON.stringify(await read(`EpisodeOfCare/${episode.id}`))).not.toContain(PACKED_OLD_LIST_EXTENSION);
  });

  it('takes the multidose-event message exactly once per message id', async () => {
    const { patientRef, episode } = await multidosePatient();
    const messageId = randomUUID();
    const message = {
      resourceType: 'Bundle',
      type: 'message',
      timestamp: new Date().toISOString(),
      entry: [
        {
          fullUrl: `urn:uuid:${messageId}`,
          resource: { resourceType: 'MessageHeader', id: messageId, eventCoding: { system: MESSAGE_EVENT_SYSTEM, code: MessageEvent.MultidoseEvent }, source: { endpoint: 'urn:bro:test:apotek' } },
        },
        { fullUrl: `urn:uuid:${randomUUID()}`, resource: event(patientRef, 'M25.2') },
      ],
    };
    expect((await callAs(api, 'ehr', 'POST', '/fhir/R4/$process-message', message)).status).toBe(200);
    expect((await callAs(api, 'ehr', 'POST', '/fhir/R4/$process-message', message)).status).toBe(200);
    const recorded = await fhir<Bundle>('ehr', 'GET', `Communication?patient=${patientRef.split('/')[1]}&category=${ERESEPT_MESSAGE_SYSTEM}|M25.2`);
    expect(recorded.body.total).toBe(1);
    expect(stateOf(await read(`EpisodeOfCare/${episode.id}`))).toBe('change-pending');
  });
});
