import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic, TaskKind } from '@app/fhir';
import { Database, SqlClient } from '../database/sql-client';
import { NotificationsChannel } from '../outbox/notifications.channel';
import { OutboxHandler } from '../outbox/outbox-handler';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { OwedByBatch } from '../outbox/owed-by-batch';
import { referralChangeOf } from './referral-event';
import { notificationsForReferral } from './referral-notifications';

/**
 * Tells a referral's hospital unit, its GP and the low-threshold service what happened to it: in-app,
 * from the facts the referral and triage rules put into the write's one event. Tasks of other kinds
 * (a discharge hand-over) carry no such facts and get nothing from here.
 */
@Injectable()
export class ReferralNotificationsHandler implements OutboxHandler, OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlerRegistry,
    private readonly database: Database,
  ) {}

  onModuleInit(): void {
    this.handlers.register('Task', OutboxTopic.ResourceChanged, this);
  }

  appliesTo(event: OutboxRow): boolean {
    return referralChangeOf(event) !== undefined;
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const changes = events.map((event) => ({ event, change: referralChangeOf(event)! }));
    // The GP reads where the patient was sent by the service's name: one read for the whole batch.
    const services = changes.filter(({ change }) => change.taskKind === TaskKind.LowThresholdTriage && change.from === null && change.service).map(({ change }) => change.service!);
    const names = await serviceNames(this.database, services);
    const notifications = owed.of(NotificationsChannel);
    for (const { event, change } of changes) {
      for (const { resource, drafts } of notificationsForReferral(change, names)) notifications.add({ outboxId: event.id, resource, drafts });
    }
  }
}

/** The names of HealthcareServices (`HealthcareService/<id>` → name), for those the directory names. */
export async function serviceNames(client: SqlClient, services: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(services)].filter((ref) => ref.startsWith('HealthcareService/')).map((ref) => ref.slice('HealthcareService/'.length));
  if (ids.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; name: string | null }>(`SELECT id, resource->>'name' AS name FROM fhir_healthcare_service WHERE id = ANY($1::text[])`, [ids]);
  return new Map(rows.filter((row) => row.name).map((row) => [`HealthcareService/${row.id}`, row.name!]));
}
