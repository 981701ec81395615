import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { NotificationsChannel } from '../outbox/notifications.channel';
import { OutboxHandler } from '../outbox/outbox-handler';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { OwedByBatch } from '../outbox/owed-by-batch';
import { consultationAnswerOf, consultationChangeOf } from './consultation-event';
import { notificationsForAnswer, notificationsForConsultation } from './consultation-notifications';

/**
 * Tells a joint consultation's participants that they are asked, that it is booked, moved or called
 * off, and its planning unit of each answer: in-app, from the facts the consultation rules put into
 * the write's one event. Appointments and answers of other kinds carry no such facts and get nothing.
 */
@Injectable()
export class ConsultationNotificationsHandler implements OutboxHandler, OnModuleInit {
  constructor(private readonly handlers: OutboxHandlerRegistry) {}

  onModuleInit(): void {
    for (const type of ['Appointment', 'AppointmentResponse']) this.handlers.register(type, OutboxTopic.ResourceChanged, this);
  }

  appliesTo(event: OutboxRow): boolean {
    return consultationChangeOf(event) !== undefined || consultationAnswerOf(event) !== undefined;
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const notifications = owed.of(NotificationsChannel);
    for (const event of events) {
      const change = consultationChangeOf(event);
      const answer = consultationAnswerOf(event);
      const drafts = change ? notificationsForConsultation(change) : answer ? notificationsForAnswer(answer) : [];
      // An answer is news about its consultation: the notification opens the Appointment.
      const resource = answer ? answer.appointment : `Appointment/${event.resource_id}`;
      if (drafts.length) notifications.add({ outboxId: event.id, resource, drafts });
    }
  }
}
