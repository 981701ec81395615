import { randomUUID } from 'node:crypto';
import { NotificationKind } from '@app/fhir';
import { ReferralSummary, TriageCaseDetail } from '@app/fhir/api/referral-answers';
import { Ledgers, openLedgers } from '../support/settled';
import { bell as bellOf, reminders as remindersOf, told as toldOf } from '../support/notification-ledger';
import { sendReferralOverFhir } from '../support/referrals';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { callAs, gpRole } from '../support/transfers';
import { ReferralWorld, answerReferral, caseAction, enterReferralWorld, leaveReferralWorld, newListPatient } from './referral-api-fixtures';

jest.setTimeout(120_000);

/**
 * The GP is told at each step of a referral the hospital rejects: the rejection (with its reason), where it was
 * sent, that the low-threshold service took the case, and what came of it; the hospital unit of the new referral,
 * the service of its new case. Through real writes (a FHIR transaction from the GP, the coordinator's answer, the
 * service's claim and outcome) and the real worker; texts without patient identifiers.
 */
describe('referral notifications', () => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ledgers: Ledgers;
  let world: ReferralWorld;

  const bell = (user: string, resource: string) => bellOf(api, user, resource);
  const told = (resource: string) => toldOf(ledgers, resource);
  const reminders = (subject: string) => remindersOf(ledgers, subject);

  /** The GP's system sends a ServiceRequest and its fulfilment Task in one transaction. */
  const sendOverFhir = (patient: string, priority: 'routine' | 'urgent' = 'routine', objects = false) =>
    sendReferralOverFhir(api, { patient, priority, objects, unit: world.unit });

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    ledgers = openLedgers(api.config);
    world = await enterReferralWorld(api, (unit, service) => [{ id: `varsler-${randomUUID().slice(0, 8)}`, hospitalUnits: [unit], routeTo: service, triageWorkingDays: 5 }]);
  });
  afterAll(async () => {
    await leaveReferralWorld(api, world);
    await ledgers?.close();
    await worker?.close();
    await api?.close();
  });

  it('tells the unit of the referral, the GP at the rejection, the routing, the claim and the outcome, and the service of its case', async () => {
    const patientId = await newListPatient(api);
    let since = await ledgers.mark();
    const { task } = await sendOverFhir(`Patient/${patientId}`, 'urgent');
    const referral = `Task/${task.id}`;
    await ledgers.allSettled({ since });
    expect(await told(referral)).toEqual([`${NotificationKind.ReferralReceived} → ${world.unit}`]);
    const [received] = await bell('coordinator', referral);
    expect(received).toEqual(expect.objectContaining({ kind: NotificationKind.ReferralReceived, title: 'Ny henvisning – haster' }));
    expect(received.body).toMatch(/^Vurderingsfrist \d\d\.\d\d\.\d{4}\.$/);
    // Waiting for the answer: the unit's reminder once the assessment deadline has passed.
    expect(await reminders(referral)).toEqual(['referral-assessment-overdue']);

    since = await ledgers.mark();
    const rejected = await answerReferral(api, { id: task.id, version: Number(task.meta.versionId) }, { answer: '4', reason: 'PRIMAERHELSETJENESTE', reasonText: 'Kan følges opp av fastlege' });
    expect(rejected.status).toBe(200);
    const triageId = (rejected.body as ReferralSummary).triage!.taskId;
    const triage = `Task/${triageId}`;
    await ledgers.allSettled({ since });
    const gpBell = await bell('gp', referral);
    // Both written in the rejection's transaction (the case first): one message each, in either order.
    const byKind = [...gpBell].sort((a, b) => a.kind.localeCompare(b.kind));
    expect(byKind.map((entry) => [entry.kind, entry.title, entry.body])).toEqual([
      [NotificationKind.ReferralRejected, 'Henvisning avslått', 'Årsak: Hører hjemme i primærhelsetjenesten. Henvisningen er sendt videre til lavterskeltilbudet (egen melding).'],
      [NotificationKind.ReferralRouted, expect.stringMatching(/^Avslått henvisning sendt til Lavterskel psykisk helse /), expect.stringMatching(/^Lavterskel psykisk helse .* tar kontakt med pasienten innen \d\d\.\d\d\.\d{4}\.$/)],
    ]);
    // The service's people get its new case (they act for the services their organisation provides).
    const serviceBell = await bell('lowthreshold', triage);
    expect(serviceBell.map((entry) => [entry.kind, entry.title])).toEqual([[NotificationKind.TriageNewCase, 'Ny sak i lavterskeltilbudet – haster']]);
    expect(await told(triage)).toEqual([`${NotificationKind.TriageNewCase} → ${world.service}`]);
    // Answered: no assessment reminder; the case reminds its service before and after its deadline.
    expect(await reminders(referral)).toEqual([]);
    expect((await reminders(triage)).sort()).toEqual(['lowthreshold-due-soon', 'lowthreshold-overdue']);

    since = await ledgers.mark();
    const queued = await callAs<TriageCaseDetail>(api, 'lowthreshold', 'GET', `/api/lowthreshold/cases/${triageId}`);
    expect(queued.status).toBe(200);
    const claimed = await caseAction(api, triageId, 'claim', { version: queued.body.case.version });
    expect(claimed.status).toBe(200);
    const outcome = await caseAction(api, triageId, 'outcome', { version: claimed.body.version, outcome: 'FORNYET-VURDERING' });
    expect(outcome.status).toBe(200);
    await ledgers.allSettled({ since });
    const later = (await bell('gp', referral)).filter((entry) => entry.kind !== NotificationKind.ReferralRejected && entry.kind !== NotificationKind.ReferralRouted);
    expect(later.map((entry) => [entry.kind, entry.title, entry.body])).toEqual([
      [NotificationKind.TriageClaimed, 'Lavterskeltilbudet har tatt saken', 'En medarbeider i lavterskeltilbudet har tatt saken og tar kontakt med pasienten.'],
      [NotificationKind.TriageCompleted, 'Lavterskeltilbudet har avsluttet saken', 'Utfall: Hjulpet med fornyet vurdering.'],
    ]);
    expect(await reminders(triage)).toEqual([]);

    // Nobody was told anything with the patient's identity or the free text in it.
    const { rows } = await ledgers.pool.query<{ text: string }>(`SELECT title || ' ' || coalesce(body, '') AS text FROM notification WHERE resource = ANY($1::text[])`, [[referral, triage]]);
    for (const { text } of rows) {
      expect(text).not.toContain(patientId);
      expect(text).not.toContain('fastlege');
    }
  });

  it('tells the GP when the patient objected to contact, and the service nothing', async () => {
    const patientId = await newListPatient(api);
    const { task } = await sendOverFhir(`Patient/${patientId}`, 'routine', true);
    const since = await ledgers.mark();
    const lastBefore = (await ledgers.pool.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM notification`)).rows[0].id;
    const rejected = await answerReferral(api, { id: task.id, version: Number(task.meta.versionId) }, { answer: '4', reason: 'IKKE-PRIORITERT' });
    expect(rejected.status).toBe(200);
    expect((rejected.body as ReferralSummary).triage).toBeUndefined();
    await ledgers.allSettled({ since });
    expect(await told(`Task/${task.id}`)).toEqual([`${NotificationKind.ReferralReceived} → ${world.unit}`, `${NotificationKind.ReferralRejected} → ${gpRole()}`]);
    expect((await bell('gp', `Task/${task.id}`)).map((entry) => entry.body)).toEqual([
      'Årsak: Oppfyller ikke prioriteringskriteriene. Pasienten har reservert seg mot kontakt: henvisningen er ikke sendt til lavterskeltilbudet.',
    ]);
    const { rows } = await ledgers.pool.query(`SELECT 1 FROM notification WHERE recipient = $1 AND id > $2::bigint`, [world.service, lastBefore]);
    expect(rows).toEqual([]);
  });
});
