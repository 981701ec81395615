import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { NotificationsChannel } from '../../outbox/notifications.channel';
import { OutboxHandler } from '../../outbox/outbox-handler';
import { OutboxHandlerRegistry } from '../../outbox/outbox-handler.registry';
import { OutboxRow } from '../../outbox/outbox-row';
import { OwedByBatch } from '../../outbox/owed-by-batch';
import { revolvingDoorFactsOf } from './revolving-door-event';
import { notificationsForRevolvingDoor } from './revolving-door-notifications';

/**
 * Prompts the readmitting unit's coordinators when a stay makes a patient a revolving-door patient, from the
 * facts the revolving-door check put into the Encounter's one event. Other Encounter events (and every other
 * workflow's) carry no such facts and get nothing from here.
 */
@Injectable()
export class RevolvingDoorNotificationsHandler implements OutboxHandler, OnModuleInit {
  constructor(private readonly handlers: OutboxHandlerRegistry) {}

  onModuleInit(): void {
    this.handlers.register('Encounter', OutboxTopic.ResourceChanged, this);
  }

  appliesTo(event: OutboxRow): boolean {
    return (revolvingDoorFactsOf(event)?.raised.length ?? 0) > 0;
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const notifications = owed.of(NotificationsChannel);
    for (const event of events) {
      const facts = revolvingDoorFactsOf(event);
      if (!facts) continue;
      for (const { resource, drafts } of notificationsForRevolvingDoor(facts)) notifications.add({ outboxId: event.id, resource, drafts });
    }
  }
}
