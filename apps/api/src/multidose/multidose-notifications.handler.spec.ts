import { OutboxTopic, TaskKind } from '@app/fhir';
import { EventDrafts, NotificationsChannel, OwedNotificationDrafts } from '../outbox/notifications.channel';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { AfterCommit, OwedByBatch } from '../outbox/owed-by-batch';
import { OwedChannels } from '../outbox/owed-channels';
import { ReferralNotificationsHandler } from '../referrals/referral-notifications.handler';
import { TaskNotificationsHandler } from '../transfers/task-notifications.handler';
import { MULTIDOSE_CHANGE_FACT, MultidoseChangeFacts } from './episode/multidose-event';
import { MULTIDOSE_UPDATE_FACT, MultidoseUpdateFacts } from './episode/multidose-update-event';
import { MultidoseNotificationsHandler } from './multidose-notifications.handler';

const GP = 'PractitionerRole/gp';
const OFFICE = 'Organization/sentrum';

const EPISODE: MultidoseChangeFacts = {
  episodeId: 'e1',
  from: 'active',
  to: 'change-pending',
  careManager: GP,
  organization: OFFICE,
  pharmacy: '8100001',
  mode: 'e-multidose',
  cause: 'M25.2',
  actorRole: 'system',
};

const UPDATE: MultidoseUpdateFacts = { taskId: 'u1', episodeId: 'e1', from: null, to: 'requested', owner: GP, due: '2026-12-08', actorRole: 'ehr' };

let ids = 0;
function episodeEvent(facts: Partial<MultidoseChangeFacts>): OutboxRow {
  const change = { ...EPISODE, ...facts };
  return { id: String(++ids), topic: OutboxTopic.ResourceChanged, resource_type: 'EpisodeOfCare', resource_id: change.episodeId, version_id: 2, payload: { method: 'update', [MULTIDOSE_CHANGE_FACT]: change }, created_at: new Date() };
}
function updateEvent(facts: Partial<MultidoseUpdateFacts>, extra: Record<string, unknown> = {}): OutboxRow {
  const update = { ...UPDATE, ...facts };
  return { id: String(++ids), topic: OutboxTopic.ResourceChanged, resource_type: 'Task', resource_id: update.taskId, version_id: 1, payload: { method: 'create', [MULTIDOSE_UPDATE_FACT]: update, ...extra }, created_at: new Date() };
}

async function drafted(events: OutboxRow[], register: (registry: OutboxHandlerRegistry) => void = (registry) => new MultidoseNotificationsHandler(registry).onModuleInit()) {
  const drafts: EventDrafts[] = [];
  const inApp: NotificationsChannel = { open: (): OwedNotificationDrafts => ({ after: AfterCommit.First, add: (added) => void drafts.push(added), committed: async () => undefined }) };
  const channels = new OwedChannels();
  channels.provide(NotificationsChannel, inApp);
  const registry = new OutboxHandlerRegistry();
  register(registry);
  const owed = new OwedByBatch(channels);
  for (const { handler, events: taken } of registry.dispatch(events)) await handler.handle(taken, owed);
  return drafts.filter((added) => added.drafts.length).map((added) => [added.resource!, added.drafts.map((draft) => `${draft.kind} → ${draft.recipient}: ${draft.title} | ${draft.body}`)]);
}

describe('multidose notifications', () => {
  it('tell the responsible doctor of a change pending when a discharge creates the update Task, with its due date', async () => {
    expect(await drafted([updateEvent({})])).toEqual([
      [
        'Task/u1',
        [
          `multidose-change-pending → ${GP}: Multidose: endret medisinering etter utskrivning | Pasienten er utskrevet med endringer i legemidlene. Send oppdatert legemiddelliste (M25.1) innen 08.12.2026, så apoteket pakker etter den nye listen.`,
        ],
      ],
    ]);
  });

  it('tell the office when the update belongs to it, and no one of the update being completed or cancelled', async () => {
    expect(await drafted([updateEvent({ taskId: 'u2', owner: OFFICE }), updateEvent({ from: 'requested', to: 'completed' }), updateEvent({ from: 'requested', to: 'cancelled' })])).toEqual([
      ['Task/u2', [expect.stringMatching(/^multidose-change-pending → Organization\/sentrum: /)]],
    ]);
  });

  it("tell the responsible doctor of the pharmacy's change request (M25.2), and the office when no doctor is known", async () => {
    expect(await drafted([episodeEvent({}), episodeEvent({ episodeId: 'e2', careManager: null })])).toEqual([
      [
        'EpisodeOfCare/e1',
        [`multidose-change-requested → ${GP}: Multidose: apoteket ber om endring | Apoteket har sendt en forespørsel om endring (M25.2) for en multidosepasient. Vurder endringen og send oppdatert legemiddelliste (M25.1).`],
      ],
      ['EpisodeOfCare/e2', [expect.stringMatching(/^multidose-change-requested → Organization\/sentrum: /)]],
    ]);
  });

  it('tell the doctor of the old-list deviation, even when the state stays as it was', async () => {
    expect(await drafted([episodeEvent({ from: 'change-pending', to: 'change-pending', cause: 'M25.3', oldListFlagged: true })])).toEqual([
      [
        'EpisodeOfCare/e1',
        [
          `multidose-old-list → ${GP}: Multidose: apoteket pakker fortsatt gammel liste | En utleveringsrapport (M25.3) etter fristen viser at apoteket pakket etter en eldre legemiddelliste. Send oppdatert legemiddelliste (M25.1) og kontakt apoteket.`,
        ],
      ],
    ]);
  });

  it('tell no person of an admission (the pharmacy hears through its Subscription), of a discharge change (told by the Task), or of other moves', async () => {
    expect(
      await drafted([
        episodeEvent({ from: 'active', to: 'suspended-admitted', cause: 'admission' }),
        episodeEvent({ from: 'suspended-admitted', to: 'change-pending', cause: 'discharge-medication-change' }),
        episodeEvent({ from: 'change-pending', to: 'active', cause: 'M25.1' }),
        episodeEvent({ from: null, to: 'active', cause: null, actorRole: 'gp' }),
        episodeEvent({ from: 'active', to: 'ended', cause: 'M27.1' }),
      ]),
    ).toEqual([]);
  });

  it('never put a patient identifier in a text', async () => {
    const texts = (await drafted([updateEvent({}), episodeEvent({}), episodeEvent({ from: 'active', to: 'active', oldListFlagged: true })])).flatMap(([, drafts]) => drafts as string[]);
    expect(texts).toHaveLength(3);
    for (const text of texts) expect(text).not.toMatch(/Patient\/|\d{11}/);
  });

  it("give other workflows' events none of these texts, and take none of theirs", async () => {
    const dischargeTask: OutboxRow = {
      id: '900',
      topic: OutboxTopic.ResourceChanged,
      resource_type: 'Task',
      resource_id: 'd1',
      version_id: 1,
      payload: { method: 'create', transition: { taskKind: TaskKind.DischargeFollowUp, from: null, to: 'requested', owner: GP, requester: OFFICE, priority: 'routine' } },
      created_at: new Date(),
    };
    const referral: OutboxRow = { ...dischargeTask, id: '901', payload: { method: 'create', referral: { taskKind: TaskKind.ReferralFulfilment, from: null, to: 'requested', referralTaskId: 'r1', hospitalUnit: OFFICE } } };
    const plainEpisode: OutboxRow = { ...dischargeTask, id: '902', resource_type: 'EpisodeOfCare', payload: { method: 'update' } };
    const onAnotherType: OutboxRow = { ...episodeEvent({}), resource_type: 'Encounter' };
    const onTaskTopic: OutboxRow = { ...updateEvent({}), topic: OutboxTopic.TaskTransition };
    expect(await drafted([dischargeTask, referral, plainEpisode, onAnotherType, onTaskTopic])).toEqual([]);

    // The update Task's event, even one that also carried a discharge transition, tells no discharge or referral party anything.
    const ours = [updateEvent({}), episodeEvent({})];
    expect(await drafted(ours, (registry) => new TaskNotificationsHandler(registry).onModuleInit())).toEqual([]);
    expect(await drafted(ours, (registry) => new ReferralNotificationsHandler(registry, { query: async () => ({ rows: [] }) } as never).onModuleInit())).toEqual([]);
  });
});
