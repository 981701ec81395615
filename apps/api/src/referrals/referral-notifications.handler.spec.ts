import { OutboxTopic, TaskKind } from '@app/fhir';
import { ConsultationNotificationsHandler } from '../consultations/consultation-notifications.handler';
import { SqlClient } from '../database/sql-client';
import { EventDrafts, NotificationsChannel, OwedNotificationDrafts } from '../outbox/notifications.channel';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { AfterCommit, OwedByBatch } from '../outbox/owed-by-batch';
import { OwedChannels } from '../outbox/owed-channels';
import { TaskNotificationsHandler } from '../transfers/task-notifications.handler';
import { REFERRAL_CHANGE_FACT, ReferralChangeFacts } from './referral-event';
import { ReferralNotificationsHandler } from './referral-notifications.handler';

const GP = 'PractitionerRole/gp';
const UNIT = 'Organization/psychiatry';
const SERVICE = 'HealthcareService/lavterskel';

const SENT: ReferralChangeFacts = {
  taskKind: TaskKind.ReferralFulfilment,
  from: null,
  to: 'requested',
  referralTaskId: 'r1',
  triageTaskId: null,
  hospitalUnit: UNIT,
  referrer: GP,
  service: null,
  answer: null,
  rejectionReason: null,
  objected: false,
  urgent: false,
  deadline: '2026-12-18',
  outcome: null,
  claimed: false,
  actorRole: 'gp',
};

const ROUTED: ReferralChangeFacts = { ...SENT, taskKind: TaskKind.LowThresholdTriage, from: null, to: 'requested', triageTaskId: 't1', service: SERVICE, answer: '4', rejectionReason: 'PRIMAERHELSETJENESTE', deadline: '2026-12-14', actorRole: 'coordinator' };

let ids = 0;
function event(facts: Partial<ReferralChangeFacts>, extra: Record<string, unknown> = {}): OutboxRow {
  const id = String(++ids);
  const change = { ...SENT, ...facts };
  const resourceId = change.taskKind === TaskKind.LowThresholdTriage ? change.triageTaskId : change.referralTaskId;
  return { id, topic: OutboxTopic.ResourceChanged, resource_type: 'Task', resource_id: resourceId, version_id: 1, payload: { method: 'update', [REFERRAL_CHANGE_FACT]: change, ...extra }, created_at: new Date() };
}

/** A database that knows one service's name. */
const directory: SqlClient = {
  query: (async (_sql: string, params?: unknown[]) => ({
    rows: ((params?.[0] as string[]) ?? []).filter((id) => id === 'lavterskel').map((id) => ({ id, name: 'Lavterskeltilbud psykisk helse' })),
  })) as never,
};

async function drafted(events: OutboxRow[], register: (registry: OutboxHandlerRegistry) => void = (registry) => new ReferralNotificationsHandler(registry, directory as never).onModuleInit()) {
  const drafts: EventDrafts[] = [];
  const inApp: NotificationsChannel = { open: (): OwedNotificationDrafts => ({ after: AfterCommit.First, add: (added) => void drafts.push(added), committed: async () => undefined }) };
  const channels = new OwedChannels();
  channels.provide(NotificationsChannel, inApp);
  const registry = new OutboxHandlerRegistry();
  register(registry);
  const owed = new OwedByBatch(channels);
  for (const { handler, events: taken } of registry.dispatch(events)) await handler.handle(taken, owed);
  return drafts.map((added) => [added.resource!, added.drafts.map((draft) => `${draft.kind} → ${draft.recipient}: ${draft.title}${draft.body ? ` | ${draft.body}` : ''}`)]);
}

describe('referral notifications', () => {
  it('tell the hospital unit of a new referral, flagged when urgent, with its assessment deadline', async () => {
    expect(await drafted([event({}), event({ urgent: true, referralTaskId: 'r2' })])).toEqual([
      ['Task/r1', [`referral-received → ${UNIT}: Ny henvisning | Vurderingsfrist 18.12.2026.`]],
      ['Task/r2', [`referral-received → ${UNIT}: Ny henvisning – haster | Vurderingsfrist 18.12.2026.`]],
    ]);
  });

  it("tell the GP of the hospital's answer (not of the hospital merely receiving it, nor of closing it later)", async () => {
    expect(
      await drafted([
        event({ from: 'requested', to: 'received', actorRole: 'coordinator' }),
        event({ from: 'requested', to: 'accepted', answer: '1' }),
        event({ from: 'received', to: 'accepted', answer: '2' }),
        event({ from: 'requested', to: 'completed', answer: '3' }),
        event({ from: 'received', to: 'completed', answer: '11' }),
        event({ from: 'accepted', to: 'completed', answer: '1' }),
      ]),
    ).toEqual([
      ['Task/r1', [`referral-answered → ${GP}: Svar på henvisning – Innkalt til helsehjelp`]],
      ['Task/r1', [`referral-answered → ${GP}: Svar på henvisning – Rett til helsehjelp, med frist`]],
      ['Task/r1', [`referral-answered → ${GP}: Svar på henvisning – Videresendt`]],
      ['Task/r1', [`referral-answered → ${GP}: Svar på henvisning – Råd til henviser`]],
    ]);
  });

  it('tell the GP of a rejection with its reason, and whether it went on to the low-threshold service', async () => {
    const rejected = { from: 'requested' as const, to: 'rejected' as const, answer: '4', rejectionReason: 'IKKE-PRIORITERT', actorRole: 'coordinator' };
    expect(
      await drafted([
        event({ ...rejected, service: SERVICE, triageTaskId: 't1' }),
        event({ ...rejected, objected: true }),
        event({ ...rejected, rejectionReason: 'ANNET' }),
      ]),
    ).toEqual([
      ['Task/r1', [`referral-rejected → ${GP}: Henvisning avslått | Årsak: Oppfyller ikke prioriteringskriteriene. Henvisningen er sendt videre til lavterskeltilbudet (egen melding).`]],
      ['Task/r1', [`referral-rejected → ${GP}: Henvisning avslått | Årsak: Oppfyller ikke prioriteringskriteriene. Pasienten har reservert seg mot kontakt: henvisningen er ikke sendt til lavterskeltilbudet.`]],
      ['Task/r1', [`referral-rejected → ${GP}: Henvisning avslått | Årsak: Annet. Ingen rutingsregel: henvisningen er ikke sendt videre til et lavterskeltilbud.`]],
    ]);
  });

  it('tell the GP where the rejected referral went, and the service of its new case (urgent flagged)', async () => {
    expect(await drafted([event(ROUTED), event({ ...ROUTED, urgent: true, service: 'HealthcareService/unnamed', triageTaskId: 't2' })])).toEqual([
      ['Task/r1', [`referral-routed → ${GP}: Avslått henvisning sendt til Lavterskeltilbud psykisk helse | Lavterskeltilbud psykisk helse tar kontakt med pasienten innen 14.12.2026.`]],
      ['Task/t1', [`lowthreshold-new-case → ${SERVICE}: Ny sak i lavterskeltilbudet | Frist for vurdering 14.12.2026.`]],
      ['Task/r1', [`referral-routed → ${GP}: Avslått henvisning sendt til lavterskeltilbudet | Lavterskeltilbudet tar kontakt med pasienten innen 14.12.2026.`]],
      ['Task/t2', [`lowthreshold-new-case → HealthcareService/unnamed: Ny sak i lavterskeltilbudet – haster | Frist for vurdering 14.12.2026.`]],
    ]);
  });

  it('tell the GP when the case is taken and what came of it, not of contact attempts or a release', async () => {
    const triage = { ...ROUTED, actorRole: 'lowthreshold' };
    expect(
      await drafted([
        event({ ...triage, from: 'requested', to: 'in-progress', claimed: true }),
        event({ ...triage, from: 'in-progress', to: 'in-progress', claimed: true }),
        event({ ...triage, from: 'in-progress', to: 'requested' }),
        event({ ...triage, from: 'in-progress', to: 'completed', claimed: true, outcome: 'FORNYET-VURDERING' }),
      ]),
    ).toEqual([
      ['Task/r1', [`lowthreshold-claimed → ${GP}: Lavterskeltilbudet har tatt saken | En medarbeider i lavterskeltilbudet har tatt saken og tar kontakt med pasienten.`]],
      ['Task/r1', [`lowthreshold-completed → ${GP}: Lavterskeltilbudet har avsluttet saken | Utfall: Hjulpet med fornyet vurdering.`]],
    ]);
  });

  it('tell the hospital unit of a withdrawn referral, and never name a patient', async () => {
    const lines = await drafted([event({ from: 'received', to: 'cancelled' }), event({ ...ROUTED, from: 'requested', to: 'cancelled', actorRole: null })]);
    expect(lines).toEqual([
      ['Task/r1', [`referral-withdrawn → ${UNIT}: Henvisning trukket tilbake | Fastlegen har trukket henvisningen tilbake.`]],
      ['Task/t1', [`referral-withdrawn → ${SERVICE}: Sak i lavterskeltilbudet avsluttet | Henvisningen saken gjaldt, gjelder ikke lenger.`]],
    ]);
  });

  it("give other workflows' events none of their texts, and take none of theirs", async () => {
    const dischargeTask: OutboxRow = {
      id: '900',
      topic: OutboxTopic.ResourceChanged,
      resource_type: 'Task',
      resource_id: 'd1',
      version_id: 1,
      payload: { method: 'create', transition: { taskKind: TaskKind.DischargeFollowUp, from: null, to: 'requested', owner: GP, requester: UNIT, priority: 'routine' } },
      created_at: new Date(),
    };
    const appointment: OutboxRow = { ...dischargeTask, id: '901', resource_type: 'Appointment', payload: { method: 'create', consultation: { from: null, to: 'proposed', participants: [], options: [] } } };
    const onAnotherType: OutboxRow = { ...event({}), resource_type: 'ServiceRequest' };
    expect(await drafted([dischargeTask, appointment, onAnotherType])).toEqual([]);

    // A referral event, even one whose write also reported a transition of its kind, tells no discharge or consultation party anything.
    const referralEvents = [event({}), event(ROUTED, { transition: { taskKind: TaskKind.ReferralFulfilment, from: null, to: 'requested', owner: UNIT, requester: GP, priority: 'routine' } })];
    expect(await drafted(referralEvents, (registry) => new TaskNotificationsHandler(registry).onModuleInit())).toEqual([]);
    expect(await drafted(referralEvents, (registry) => new ConsultationNotificationsHandler(registry).onModuleInit())).toEqual([]);
  });
});
