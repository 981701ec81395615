import { randomUUID } from 'node:crypto';
import { Bundle, ERESEPT_MESSAGE_SYSTEM, MESSAGE_EVENT_SYSTEM, MessageEvent, PACKED_FROM_LIST_EXTENSION, Resource } from '@app/fhir';
import { MultidosePatient, newMultidosePatient } from '../support/multidose';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';

jest.setTimeout(120_000);

const ids = (bundle: Bundle) => (bundle.entry ?? []).map((entry) => `${entry.resource?.resourceType}/${entry.resource?.id}`);

/**
 * Who sees a multidose episode, tried on every path: a pharmacy's system client only its own pharmacy's
 * patients (reads, searches, includes, history, conditional updates, posting events, message replays), the
 * other GP nothing, the hospital unit nothing outside a stay, `quality` and narrow system clients by their role
 * and scopes.
 */
describe('multidose access', () => {
  let api: TestApi;
  let ours: MultidosePatient;
  let theirs: MultidosePatient;

  const fhir = <T = Bundle>(user: string, path: string, method = 'GET', body?: unknown, headers: Record<string, string> = {}) =>
    callAs<T>(api, user, method, `/fhir/R4/${path}`, body, headers);
  const dispensingReport = (patientRef: string) => ({
    resourceType: 'Communication',
    status: 'completed',
    category: [{ coding: [{ system: ERESEPT_MESSAGE_SYSTEM, code: 'M25.3' }] }],
    subject: { reference: patientRef },
    sent: new Date().toISOString(),
    extension: [{ url: PACKED_FROM_LIST_EXTENSION, valueDateTime: new Date().toISOString() }],
  });

  beforeAll(async () => {
    api = await startTestApi();
    ours = await newMultidosePatient(api);
    // Packed by another pharmacy (a HER id the demo pharmacy does not have).
    theirs = await newMultidosePatient(api, { pharmacyHer: '8100099' });
  });
  afterAll(() => api.close());

  it('shows a pharmacy its own patients’ episodes and those patients, through reads, searches and includes', async () => {
    expect((await fhir('apotek', `EpisodeOfCare/${ours.episode.id}`)).status).toBe(200);
    expect((await fhir('apotek', ours.patientRef)).status).toBe(200);
    expect((await fhir('apotek', `EpisodeOfCare/${theirs.episode.id}`)).status).toBe(404);
    expect((await fhir('apotek', `EpisodeOfCare/${theirs.episode.id}/_history`)).status).toBe(404);
    expect((await fhir('apotek', theirs.patientRef)).status).toBe(404);
    const searched = await fhir('apotek', `EpisodeOfCare?_id=${ours.episode.id},${theirs.episode.id}&_include=EpisodeOfCare:patient`);
    expect(ids(searched.body).sort()).toEqual([`EpisodeOfCare/${ours.episode.id}`, ours.patientRef].sort());
    const byPatient = await fhir('apotek', `EpisodeOfCare?patient=${theirs.patientRef.split('/')[1]}`);
    expect(byPatient.body.total).toBe(0);
    // Its scopes and its narrowing: no Tasks at all.
    expect((await fhir('apotek', 'Task?_count=1')).status).toBe(403);
  });

  it('lets a pharmacy record events for its own patients only, and a replay changes nothing', async () => {
    expect((await fhir<Resource>('apotek', 'Communication', 'POST', dispensingReport(ours.patientRef))).status).toBe(201);
    const foreign = await fhir<Resource>('apotek', 'Communication', 'POST', dispensingReport(theirs.patientRef));
    expect([403, 404, 422]).toContain(foreign.status);
    const messageId = randomUUID();
    const message = {
      resourceType: 'Bundle',
      type: 'message',
      timestamp: new Date().toISOString(),
      entry: [
        { fullUrl: `urn:uuid:${messageId}`, resource: { resourceType: 'MessageHeader', id: messageId, eventCoding: { system: MESSAGE_EVENT_SYSTEM, code: MessageEvent.MultidoseEvent }, source: { endpoint: 'urn:bro:test:apotek' } } },
        { fullUrl: `urn:uuid:${randomUUID()}`, resource: dispensingReport(theirs.patientRef) },
      ],
    };
    expect((await callAs(api, 'apotek', 'POST', '/fhir/R4/$process-message', message)).status).toBeGreaterThanOrEqual(400);
    const recorded = await fhir('ehr', `Communication?patient=${theirs.patientRef.split('/')[1]}&category=${ERESEPT_MESSAGE_SYSTEM}|M25.3`);
    expect(recorded.body.total).toBe(0);
    // A conditional update by a pharmacy that may not see the episode finds nothing to change.
    const conditional = await fhir<Resource>('apotek', `EpisodeOfCare?_id=${theirs.episode.id}`, 'PUT', { ...theirs.episode, id: undefined, meta: undefined });
    expect([403, 404, 412, 422]).toContain(conditional.status);
    expect((await fhir<Resource>('ehr', `EpisodeOfCare/${theirs.episode.id}`)).body.meta?.versionId).toBe(theirs.episode.meta.versionId);
  });

  it('keeps the episode from the other GP, the hospital outside a stay, quality and clients without the scope', async () => {
    for (const user of ['gp2', 'coordinator']) {
      expect((await fhir(user, `EpisodeOfCare/${ours.episode.id}`)).status).toBe(404);
      expect((await fhir(user, `EpisodeOfCare?patient=${ours.patientRef.split('/')[1]}`)).body.total).toBe(0);
    }
    expect((await fhir('quality', `EpisodeOfCare/${ours.episode.id}`)).status).toBe(403);
    expect((await fhir('reporting', `EpisodeOfCare/${ours.episode.id}`)).status).toBe(403);
    expect((await fhir('lowthreshold', `EpisodeOfCare/${ours.episode.id}`)).status).toBe(404);
    expect((await fhir('gp', `EpisodeOfCare/${ours.episode.id}`)).status).toBe(200);
  });
});
