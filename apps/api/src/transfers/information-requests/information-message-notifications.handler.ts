import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic, Resource } from '@app/fhir';
import { Database } from '../../database/sql-client';
import { NotificationsChannel } from '../../outbox/notifications.channel';
import { OutboxHandler } from '../../outbox/outbox-handler';
import { OutboxHandlerRegistry } from '../../outbox/outbox-handler.registry';
import { OutboxRow } from '../../outbox/outbox-row';
import { OwedByBatch } from '../../outbox/owed-by-batch';
import { categoryOf, ownerOf, requesterOf } from '../task-fields';
import { informationMessageEventOf } from './information-message-event';
import { AskedTask, notificationsForInformationMessage } from './information-message-notifications';

/** Tells the hospital unit of a GP's question (with the question), and the GP of the hospital's answer: in-app. */
@Injectable()
export class InformationMessageNotificationsHandler implements OutboxHandler, OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlerRegistry,
    private readonly database: Database,
  ) {}

  onModuleInit(): void {
    this.handlers.register('Communication', OutboxTopic.ResourceChanged, this);
  }

  appliesTo(event: OutboxRow): boolean {
    return informationMessageEventOf(event) !== undefined;
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const messages = events.map((event) => ({ event, facts: informationMessageEventOf(event)! }));
    // Whom to tell is the task's: one read for the batch.
    const tasks = await this.tasksOf(messages.map(({ facts }) => facts.task));
    const notifications = owed.of(NotificationsChannel);
    for (const { event, facts } of messages) {
      const task = tasks.get(facts.task);
      if (task) notifications.add({ outboxId: event.id, resource: facts.task, drafts: notificationsForInformationMessage(facts, task) });
    }
  }

  private async tasksOf(references: string[]): Promise<Map<string, AskedTask>> {
    const ids = [...new Set(references.filter((reference) => reference.startsWith('Task/')).map((reference) => reference.slice('Task/'.length)))];
    if (ids.length === 0) return new Map();
    const { rows } = await this.database.query<{ resource: Resource }>(`SELECT resource FROM fhir_task WHERE id = ANY($1::text[])`, [ids]);
    return new Map(
      rows.map(({ resource }) => [`Task/${resource.id}`, { owner: ownerOf(resource) ?? null, requester: requesterOf(resource) ?? null, category: categoryOf(resource) ?? null }]),
    );
  }
}
