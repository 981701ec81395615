import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { NotificationsChannel } from '../outbox/notifications.channel';
import { OutboxHandler } from '../outbox/outbox-handler';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { OwedByBatch } from '../outbox/owed-by-batch';
import { dischargeTransitionOf } from './discharge-task-event';
import { notificationsForTask } from './task-notifications';

/** Tells the GP of a new discharge task, the hospital of a contested one, and so on: in-app, from each transition. */
@Injectable()
export class TaskNotificationsHandler implements OutboxHandler, OnModuleInit {
  constructor(private readonly handlers: OutboxHandlerRegistry) {}

  onModuleInit(): void {
    // task.transition: events written before the transition joined the write's one event (see dischargeTransitionOf).
    for (const topic of [OutboxTopic.ResourceChanged, OutboxTopic.TaskTransition]) this.handlers.register('Task', topic, this);
  }

  /** Discharge Tasks' transitions only. */
  appliesTo(event: OutboxRow): boolean {
    return dischargeTransitionOf(event) !== undefined;
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const notifications = owed.of(NotificationsChannel);
    for (const event of events) notifications.add({ outboxId: event.id, resource: `Task/${event.resource_id}`, drafts: notificationsForTask(dischargeTransitionOf(event)!) });
  }
}
