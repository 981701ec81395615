import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';
import { RESOURCE_CLASS } from '../access/access-policy';
import { patientOf } from './patient-of';

/** FHIR restful-interaction codes (AuditEvent.subtype), plus Bro's export and emergency access. */
export type AuditSubtype = 'read' | 'vread' | 'history-instance' | 'search-type' | 'create' | 'update' | 'patch' | 'delete' | 'export' | 'operation';

const ACTION: Record<AuditSubtype, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  read: 'R',
  vread: 'R',
  'history-instance': 'R',
  'search-type': 'R',
  export: 'R',
  create: 'C',
  update: 'U',
  patch: 'U',
  delete: 'D',
  operation: 'E',
};

export interface AuditEntry {
  subtype: AuditSubtype;
  /** The resource read or written; its patient is found from it. */
  resource?: Resource;
  /** Or, for a delete, just what it was. */
  entity?: { type: string; id: string; version?: number };
  patient?: string;
  /** The search or export, as the caller asked for it. */
  query?: string;
}

/**
 * Writes the audit trail: who (subject, HPR, organisation, client), what (resource, patient), when,
 * why (purpose of use: treatment, or emergency access with its reason), from where, and the outcome.
 * One multi-row INSERT per request, in the caller's transaction for writes, so a change and its
 * audit entry commit together and a read is answered only once its entries are stored.
 */
@Injectable()
export class AuditTrailService {
  async record(client: SqlClient, actor: Principal, entries: AuditEntry[]): Promise<void> {
    const rows = entries
      .map((entry) => {
        const type = entry.resource?.resourceType ?? entry.entity?.type;
        if (!type || RESOURCE_CLASS[type] !== 'patient') return undefined;
        return {
          subtype: entry.subtype,
          type,
          id: entry.resource?.id ?? entry.entity?.id ?? null,
          version: entry.resource?.meta?.versionId ? Number(entry.resource.meta.versionId) : (entry.entity?.version ?? null),
          patient: entry.patient ?? (entry.resource ? patientOf(entry.resource) : undefined) ?? null,
          query: entry.query ?? null,
        };
      })
      .filter((row): row is NonNullable<typeof row> => row !== undefined);
    if (rows.length === 0) return;
    const emergency = actor.emergencyAccessReason;
    await client.query(
      `INSERT INTO audit_event (id, action, subtype, agent_subject, agent_name, agent_role, agent_hpr, agent_organization, client_id,
         purpose_of_use, emergency_reason, source_address, entity_type, entity_id, entity_version, patient, query)
       SELECT id, action, subtype, $1, $2, $3, $4, $5, $6, $7, $8, $9, entity_type, entity_id, entity_version, patient, query
         FROM unnest($10::uuid[], $11::char[], $12::text[], $13::text[], $14::text[], $15::int[], $16::text[], $17::text[])
           AS e(id, action, subtype, entity_type, entity_id, entity_version, patient, query)`,
      [
        actor.subject,
        actor.name ?? null,
        actor.role,
        actor.hprNumber ?? null,
        actor.organizationNumber ?? null,
        actor.clientId ?? null,
        emergency ? 'ETREAT' : 'TREAT',
        emergency ?? null,
        actor.sourceAddress ?? null,
        rows.map(() => randomUUID()),
        rows.map((row) => ACTION[row.subtype]),
        rows.map((row) => row.subtype),
        rows.map((row) => row.type),
        rows.map((row) => row.id),
        rows.map((row) => row.version),
        rows.map((row) => row.patient),
        rows.map((row) => row.query),
      ],
    );
  }
}
