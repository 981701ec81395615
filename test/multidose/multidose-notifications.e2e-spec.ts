import {
  Bundle,
  ERESEPT_MESSAGE_SYSTEM,
  NotificationKind,
  PACKED_FROM_LIST_EXTENSION,
  Resource,
  TASK_KIND_SYSTEM,
} from '@app/fhir';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { daysFromNow } from '../support/clock';
import { StoredResource } from '../support/referrals';
import { newMultidosePatient } from '../support/multidose';
import { Ledgers, openLedgers } from '../support/settled';
import { bell as bellOf, reminders as remindersOf, told as toldOf } from '../support/notification-ledger';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { demoUnit } from '../support/test-directory';
import { callAs, gpRole, handover, postHandover } from '../support/transfers';

jest.setTimeout(120_000);

/**
 * The multidose-responsible doctor is told what needs them — a discharge's medication change pending (with
 * its reminders, gone once the list is sent), the pharmacy's change request (M25.2), the pharmacy still
 * packing the old list — and no one is told of an admission (the pharmacy's Subscription is). Through real
 * writes (a discharge hand-over over FHIR, e-prescription events) and the real worker; no patient identifiers.
 */
describe('multidose notifications', () => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ledgers: Ledgers;

  const fhir = <T = StoredResource>(user: string, method: string, path: string, body?: unknown) => callAs<T>(api, user, method, `/fhir/R4/${path}`, body);

  const bell = (user: string, resource: string) => bellOf(api, user, resource);
  const told = (resource: string) => toldOf(ledgers, resource);
  const reminders = (subject: string) => remindersOf(ledgers, subject);

  const multidosePatient = () => newMultidosePatient(api, { pharmacyHer: '8100001' });

  const updateTaskOf = async (episodeId: string) =>
    (await fhir<Bundle>('ehr', 'GET', `Task?focus=EpisodeOfCare/${episodeId}&code=${TASK_KIND_SYSTEM}|multidose-update&status=requested`)).body.entry?.[0]?.resource as StoredResource | undefined;
  const message = (patientRef: string, code: string, extra: Partial<Resource> = {}) => ({
    resourceType: 'Communication',
    status: 'completed',
    category: [{ coding: [{ system: ERESEPT_MESSAGE_SYSTEM, code }] }],
    subject: { reference: patientRef },
    sent: new Date().toISOString(),
    ...extra,
  });

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    ledgers = openLedgers(api.config);
  });
  afterAll(async () => {
    await ledgers?.close();
    await worker?.close();
    await api?.close();
  });

  it('tells the responsible doctor of a change pending after a discharge, reminds before and after the due date, and stops once the list is sent', async () => {
    const { patient, patientRef, episode } = await multidosePatient();
    let since = await ledgers.mark();
    await postHandover(await api.fhirClient('ehr'), handover({ patient, categories: ['RESEPT-NY', 'MED-JUST'] }));
    await ledgers.allSettled({ since });
    const update = (await updateTaskOf(episode.id))!;
    expect(update).toBeDefined();
    const resource = `Task/${update.id}`;
    expect(await told(resource)).toEqual([`${NotificationKind.MultidoseChangePending} → ${gpRole()}`]);
    const [pending] = await bell('gp', resource);
    expect(pending).toEqual(expect.objectContaining({ kind: NotificationKind.MultidoseChangePending, title: 'Multidose: endret medisinering etter utskrivning' }));
    expect(pending.body).toMatch(/^Pasienten er utskrevet med endringer i legemidlene\. Send oppdatert legemiddelliste \(M25\.1\) innen \d\d\.\d\d\.\d{4}, så apoteket pakker etter den nye listen\.$/);
    // The discharge's move of the episode is told through the Task, once.
    expect(await told(`EpisodeOfCare/${episode.id}`)).toEqual([]);
    expect(await reminders(resource)).toEqual(['multidose-update-due-soon', 'multidose-update-overdue']);

    since = await ledgers.mark();
    expect((await fhir('gp', 'POST', 'Communication', message(patientRef, 'M25.1'))).status).toBe(201);
    await ledgers.allSettled({ since });
    expect(await reminders(resource)).toEqual([]);
    expect(await told(resource)).toHaveLength(1);
  });

  it("tells the doctor of the pharmacy's change request (M25.2) and of the old list still packed, and no one of an admission", async () => {
    const { patient, patientRef, episode } = await multidosePatient();
    const episodeRef = `EpisodeOfCare/${episode.id}`;
    let since = await ledgers.mark();
    expect((await fhir('ehr', 'POST', 'Communication', message(patientRef, 'M25.2'))).status).toBe(201);
    await ledgers.allSettled({ since });
    expect(await told(episodeRef)).toEqual([`${NotificationKind.MultidoseChangeRequested} → ${gpRole()}`]);
    expect((await bell('gp', episodeRef)).map((entry) => [entry.kind, entry.title])).toEqual([[NotificationKind.MultidoseChangeRequested, 'Multidose: apoteket ber om endring']]);

    // The doctor sends the list; an admission suspends the episode: no person is told (the pharmacy's Subscription is).
    expect((await fhir('gp', 'POST', 'Communication', message(patientRef, 'M25.1'))).status).toBe(201);
    since = await ledgers.mark();
    const stay = await fhir('ehr', 'POST', 'Encounter', {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: patientRef },
      serviceProvider: { reference: demoUnit() },
      period: { start: daysFromNow(-1) },
    });
    expect(stay.status).toBe(201);
    await ledgers.allSettled({ since });
    expect(await told(episodeRef)).toHaveLength(1);

    // Discharged with a change; the update's due date passes (moved back in the stored Task) and the pharmacy reports the old list.
    await postHandover(await api.fhirClient('ehr'), handover({ patient, categories: ['RESEPT-NY'] }));
    const update = (await updateTaskOf(episode.id))!;
    await ledgers.pool.query(`UPDATE fhir_task SET resource = jsonb_set(resource, '{restriction,period,end}', to_jsonb($2::text)) WHERE id = $1`, [update.id, osloDate(new Date(Date.now() - 3 * 86_400_000))]);
    since = await ledgers.mark();
    const old = message(patientRef, 'M25.3', { extension: [{ url: PACKED_FROM_LIST_EXTENSION, valueDateTime: daysFromNow(-30) }] });
    expect((await fhir('ehr', 'POST', 'Communication', old)).status).toBe(201);
    await ledgers.allSettled({ since });
    expect(await told(episodeRef)).toEqual([`${NotificationKind.MultidoseChangeRequested} → ${gpRole()}`, `${NotificationKind.MultidoseOldList} → ${gpRole()}`]);
    expect((await bell('gp', episodeRef)).map((entry) => entry.title)).toEqual(['Multidose: apoteket ber om endring', 'Multidose: apoteket pakker fortsatt gammel liste']);

    // Nothing told names the patient.
    const { rows } = await ledgers.pool.query<{ text: string }>(`SELECT title || ' ' || coalesce(body, '') AS text FROM notification WHERE resource = ANY($1::text[])`, [[episodeRef, `Task/${update.id}`]]);
    expect(rows.length).toBeGreaterThan(0);
    for (const { text } of rows) {
      expect(text).not.toContain(patientRef.split('/')[1]);
      for (const name of ((patient.name as Array<{ family?: string }>) ?? []).map((n) => n.family).filter(Boolean)) expect(text).not.toContain(name!);
    }
  });
});
