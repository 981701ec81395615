import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Bundle, BundleEntry, HANDOVER_IDENTIFIER_SYSTEM, Resource } from '@app/fhir';
import { HANDOVER_SENDER_ROLES } from '../access/access-policy';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { SqlClient } from '../database/sql-client';
import { BundleProcessorService, TransactionInterpreter } from '../fhir/bundle/bundle-processor.service';
import { FhirService } from '../fhir/fhir.service';
import { DomainError } from '../common/errors/domain-error';
import { senderOf } from '../messaging/message-sender';
import { replayedAccess } from '../messaging/process-message.service';
import { defaultDueDate } from './due-date';
import { HandoverContent, isHandoverBundle, readHandover } from './handover-bundle';
import { categoryOf, dueDateOf, referenceOf } from './task-fields';
import { DefaultOwner, TaskOwnerResolver } from './task-owner.resolver';

export type HandoverChannel = 'transaction' | 'message';

export interface HandoverReceipt {
  handoverId: string;
  /** The transaction-response: for a re-sent hand-over, the first one's, with every status 200. */
  response: Bundle;
  duplicate: boolean;
}

const FULFILL = { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill', display: 'Fulfill the focal request' }] };

function idFromResponse(entry: BundleEntry | undefined): string | undefined {
  const location = entry?.response?.location;
  return entry?.resource?.id ?? (location ? location.split('/')[1] : undefined);
}

function replayed(response: Bundle): Bundle {
  return {
    ...response,
    entry: (response.entry ?? []).map((entry) => ({ ...entry, response: { ...entry.response!, status: '200 OK' } })),
  };
}

/**
 * Receives discharge hand-overs, whether posted as a transaction Bundle or sent as a FHIR message:
 * completes each Task (owner from the patient's GP, due date per category, hand-over id), writes
 * everything in one transaction, and answers a re-sent hand-over (same Bundle.identifier or same
 * Encounter identifier) with the first answer, writing nothing.
 */
@Injectable()
export class HandoverService implements TransactionInterpreter, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly bundles: BundleProcessorService,
    private readonly owners: TaskOwnerResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.bundles.registerInterpreter(this);
  }

  interprets(bundle: Bundle): boolean {
    return isHandoverBundle(bundle);
  }

  async process(bundle: Bundle, _minimal: boolean, actor?: Principal): Promise<Bundle> {
    return (await this.receive(bundle, 'transaction', actor)).response;
  }

  /** Receives a hand-over; with `client`, inside that transaction (a message records itself in the same one). */
  async receive(bundle: Bundle, channel: HandoverChannel, actor?: Principal, client?: SqlClient): Promise<HandoverReceipt> {
    // A hand-over establishes the care relationship (it may name a patient the sender could not see
    // before), so only the hospital side sends one: a coordinator or a hospital system, for its own units.
    if (actor && !HANDOVER_SENDER_ROLES.includes(actor.role)) {
      throw DomainError.forbidden('discharge hand-overs are sent by the hospital: a discharge coordinator or the hospital system');
    }
    const content = readHandover(bundle);
    const sender = senderOf(actor);
    const keys = [content.bundleIdentifier && `bundle:${sender}:${content.bundleIdentifier}`, `encounter:${content.encounter.identifier}`].filter(
      (key): key is string => Boolean(key),
    );
    return this.fhir.inTransaction(client, async (tx) => {
      // Two posts of the same hand-over queue here; the second then finds the first one's row.
      for (const key of keys.sort()) await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`handover:${key}`]);
      const earlier = await this.findEarlier(tx, content, sender);
      if (earlier) {
        // The stored answer holds the patient and the tasks: it goes back only to the side that sent it.
        if (earlier.sender !== sender) {
          throw DomainError.conflict('this stay (Encounter.identifier) has already been handed over by another sender; send a hand-over of your own stay');
        }
        await this.fhir.recordAccess(tx, actor, replayedAccess(earlier.response));
        return { handoverId: earlier.id, response: replayed(earlier.response), duplicate: true };
      }

      const handoverId = randomUUID();
      const entries = await this.completeEntries(tx, bundle, content, handoverId);
      const response = await this.bundles.transaction(entries, false, actor, tx, true);
      const taskIds = content.tasks.map(({ index }) => idFromResponse(response.entry?.[index])!);
      const firstTask = response.entry?.[content.tasks[0].index]?.resource ?? entries[content.tasks[0].index].resource!;
      await tx.query(
        `INSERT INTO discharge_handover (id, bundle_identifier, encounter_identifier, encounter_id, patient_id, requesting_unit, task_ids, received_via, response, sender)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          handoverId,
          content.bundleIdentifier ?? null,
          content.encounter.identifier,
          idFromResponse(response.entry?.[content.encounter.index]),
          idFromResponse(response.entry?.[content.patient.index]),
          referenceOf(firstTask.requester) ?? null,
          taskIds,
          channel,
          JSON.stringify(response),
          sender,
        ],
      );
      return { handoverId, response, duplicate: false };
    });
  }

  /** The earlier hand-over of this stay (whoever sent it), or of this Bundle.identifier from this sender. */
  private async findEarlier(client: SqlClient, content: HandoverContent, sender: string): Promise<{ id: string; response: Bundle; sender: string } | undefined> {
    const { rows } = await client.query<{ id: string; response: Bundle; sender: string }>(
      `SELECT id, response, sender FROM discharge_handover
        WHERE encounter_identifier = $1 OR ($2::text IS NOT NULL AND sender = $3 AND bundle_identifier = $2)
        ORDER BY (encounter_identifier = $1) DESC LIMIT 1`,
      [content.encounter.identifier, content.bundleIdentifier ?? null, sender],
    );
    return rows[0];
  }

  /** The sender's entries, completed with what Bro fills in. The sender's Bundle is left as it was. */
  private async completeEntries(client: SqlClient, bundle: Bundle, content: HandoverContent, handoverId: string): Promise<BundleEntry[]> {
    const entries: BundleEntry[] = (bundle.entry ?? []).map((entry) => ({ ...entry, ...(entry.resource ? { resource: structuredClone(entry.resource) } : {}) }));
    const patientEntry = entries[content.patient.index];
    const encounterEntry = entries[content.encounter.index];
    patientEntry.fullUrl ??= `urn:uuid:${randomUUID()}`;
    encounterEntry.fullUrl ??= `urn:uuid:${randomUUID()}`;
    // The patient and the stay may be known already: conditional create on their identifiers.
    patientEntry.request = { method: 'POST', url: 'Patient', ...patientEntry.request, ifNoneExist: patientEntry.request?.ifNoneExist ?? `identifier=${content.patient.identifier}` };
    encounterEntry.request = { method: 'POST', url: 'Encounter', ...encounterEntry.request, ifNoneExist: encounterEntry.request?.ifNoneExist ?? `identifier=${content.encounter.identifier}` };

    const patient = (await this.owners.storedPatient(client, content.patient.identifier)) ?? patientEntry.resource!;
    let owner: DefaultOwner | undefined;
    const encounter = encounterEntry.resource!;
    const dischargeEnd = new Date(String((encounter.period as { end?: string } | undefined)?.end ?? ''));
    const dischargedAt = Number.isNaN(dischargeEnd.getTime()) ? new Date() : dischargeEnd;
    for (const { index } of content.tasks) {
      const task = entries[index].resource as Resource;
      entries[index].request ??= { method: 'POST', url: 'Task' };
      task.status ??= 'requested';
      task.intent ??= 'order';
      task.code ??= FULFILL;
      task.priority ??= 'routine';
      task.authoredOn ??= new Date().toISOString();
      task.for ??= { reference: patientEntry.fullUrl };
      task.encounter ??= { reference: encounterEntry.fullUrl };
      task.groupIdentifier = { system: HANDOVER_IDENTIFIER_SYSTEM, value: handoverId };
      if (!task.owner) {
        owner ??= await this.owners.defaultOwner(client, patient);
        if (owner.kind !== 'unassigned') task.owner = { reference: owner.reference };
      }
      if (!dueDateOf(task)) {
        const days = this.config.taskDueDays[categoryOf(task)!];
        const restriction = (task.restriction as Record<string, unknown> | undefined) ?? {};
        const period = (restriction.period as Record<string, unknown> | undefined) ?? {};
        task.restriction = { ...restriction, period: { ...period, end: defaultDueDate(dischargedAt, days) } };
      }
    }
    return entries;
  }
}
