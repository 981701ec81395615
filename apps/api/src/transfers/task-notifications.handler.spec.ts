import { NotificationKind, OutboxTopic, TaskKind } from '@app/fhir';
import { InAppNotificationsChannel, OwedNotifications } from '../notifications/in-app-notifications.channel';
import { NotificationDeliveryQueue } from '../notifications/notification-delivery.queue';
import { NotificationStore } from '../notifications/notification.store';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { OwedByBatch } from '../outbox/owed-by-batch';
import { TaskNotificationsHandler } from './task-notifications.handler';

function handedOver(id: string, payload: Record<string, unknown>): OutboxRow {
  return {
    id,
    topic: OutboxTopic.TaskTransition,
    resource_type: 'Task',
    resource_id: `t${id}`,
    version_id: 1,
    payload: { from: null, to: 'requested', owner: 'PractitionerRole/gp', requester: 'Organization/unit', priority: 'routine', category: null, reason: null, resolution: null, due: null, actorRole: null, ...payload },
    created_at: new Date(),
  };
}

describe('discharge task notifications', () => {
  it("tell the GP of a discharge Task handed over, and give another workflow's Task none of their texts", async () => {
    const registry = new OutboxHandlerRegistry();
    const channel = new InAppNotificationsChannel({} as NotificationStore, {} as NotificationDeliveryQueue);
    new TaskNotificationsHandler(registry, channel).onModuleInit();
    const events = [
      handedOver('1', { taskKind: TaskKind.DischargeFollowUp }),
      handedOver('2', { taskKind: TaskKind.ReferralFulfilment }),
      // Written before Tasks had kinds: a discharge Task's.
      handedOver('3', {}),
    ];
    const owed = new OwedByBatch();
    for (const { handler, events: taken } of registry.dispatch(events)) await handler.handle(taken, owed);
    const drafted = (owed.of(channel) as unknown as { events: Array<{ outboxId: string; drafts: Array<{ kind: NotificationKind; recipient: string }> }> }).events;
    expect(owed.of(channel)).toBeInstanceOf(OwedNotifications);
    expect(drafted.map((event) => [event.outboxId, event.drafts.map((draft) => `${draft.kind} → ${draft.recipient}`)])).toEqual([
      ['1', ['new-task → PractitionerRole/gp']],
      ['3', ['new-task → PractitionerRole/gp']],
    ]);
  });
});
