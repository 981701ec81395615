import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { NotificationsChannel } from '../outbox/notifications.channel';
import { OutboxHandler } from '../outbox/outbox-handler';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { OwedByBatch } from '../outbox/owed-by-batch';
import { multidoseChangeOf } from './episode/multidose-event';
import { multidoseUpdateOf } from './episode/multidose-update-event';
import { MultidoseNotifications, notificationsForEpisode, notificationsForUpdate } from './multidose-notifications';

/**
 * Tells the multidose-responsible doctor what needs them: a discharge's change pending (the update Task
 * created), the pharmacy's change request (M25.2) and the old-list deviation; in-app, from the facts the
 * episode and update rules put into the write's one event. Other workflows' events carry no such facts and
 * get nothing from here.
 */
@Injectable()
export class MultidoseNotificationsHandler implements OutboxHandler, OnModuleInit {
  constructor(private readonly handlers: OutboxHandlerRegistry) {}

  onModuleInit(): void {
    this.handlers.register('EpisodeOfCare', OutboxTopic.ResourceChanged, this);
    this.handlers.register('Task', OutboxTopic.ResourceChanged, this);
  }

  appliesTo(event: OutboxRow): boolean {
    return multidoseNotificationsOf(event) !== undefined;
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const notifications = owed.of(NotificationsChannel);
    for (const event of events) {
      for (const { resource, drafts } of multidoseNotificationsOf(event) ?? []) notifications.add({ outboxId: event.id, resource, drafts });
    }
  }
}

/** What an event tells whom, or undefined when it is no multidose episode's or update Task's change. */
export function multidoseNotificationsOf(event: OutboxRow): MultidoseNotifications[] | undefined {
  const change = multidoseChangeOf(event);
  if (change) return notificationsForEpisode(change);
  const update = multidoseUpdateOf(event);
  return update ? notificationsForUpdate(update) : undefined;
}
