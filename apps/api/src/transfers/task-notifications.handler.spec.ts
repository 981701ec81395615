import { OutboxTopic, TaskKind } from '@app/fhir';
import { EventDrafts, NotificationsChannel, OwedNotificationDrafts } from '../outbox/notifications.channel';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { AfterCommit, OwedByBatch } from '../outbox/owed-by-batch';
import { OwedChannels } from '../outbox/owed-channels';
import { TaskNotificationsHandler } from './task-notifications.handler';

const HANDED_OVER = { from: null, to: 'requested', owner: 'PractitionerRole/gp', requester: 'Organization/unit', priority: 'routine', category: null, reason: null, resolution: null, due: null, actorRole: null };

/** A hand-over's one change event, its transition among the facts. */
function handedOver(id: string, facts: Record<string, unknown>): OutboxRow {
  return { id, topic: OutboxTopic.ResourceChanged, resource_type: 'Task', resource_id: `t${id}`, version_id: 1, payload: { method: 'create', transition: { ...HANDED_OVER, ...facts } }, created_at: new Date() };
}

describe('discharge task notifications', () => {
  it("tell the GP of a discharge Task handed over, and give another workflow's Task none of their texts", async () => {
    const drafted: EventDrafts[] = [];
    const inApp: NotificationsChannel = { open: (): OwedNotificationDrafts => ({ after: AfterCommit.First, add: (event) => void drafted.push(event), committed: async () => undefined }) };
    const channels = new OwedChannels();
    channels.provide(NotificationsChannel, inApp);
    const registry = new OutboxHandlerRegistry();
    new TaskNotificationsHandler(registry).onModuleInit();
    const events = [
      handedOver('1', { taskKind: TaskKind.DischargeFollowUp }),
      handedOver('2', { taskKind: TaskKind.ReferralFulfilment }),
      // Written before Tasks had kinds: a discharge Task's.
      handedOver('3', {}),
      // A change that moved neither status, contest resolution nor due date: no transition.
      { ...handedOver('4', {}), payload: { method: 'update' } },
      // Still owed from before the transition joined the write's one event: its own topic, flat.
      { ...handedOver('5', {}), topic: OutboxTopic.TaskTransition, payload: { ...HANDED_OVER, taskKind: TaskKind.DischargeFollowUp } },
    ];
    const owed = new OwedByBatch(channels);
    for (const { handler, events: taken } of registry.dispatch(events)) await handler.handle(taken, owed);
    expect(drafted.map((event) => [event.outboxId, event.resource, event.drafts.map((draft) => `${draft.kind} → ${draft.recipient}`)])).toEqual([
      ['1', 'Task/t1', ['new-task → PractitionerRole/gp']],
      ['3', 'Task/t3', ['new-task → PractitionerRole/gp']],
      ['5', 'Task/t5', ['new-task → PractitionerRole/gp']],
    ]);
  });
});
