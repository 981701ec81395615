import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';
import { RESOURCE_CLASS } from '../access/access-policy';

/**
 * FHIR restful-interaction codes (AuditEvent.subtype), plus Bro's export, emergency access and `notify`
 * (a Subscription sent a resource to its owner's endpoint or socket).
 */
export type AuditSubtype = 'read' | 'vread' | 'history-instance' | 'search-type' | 'create' | 'update' | 'patch' | 'delete' | 'export' | 'operation' | 'notify';

const ACTION: Record<AuditSubtype, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  read: 'R',
  vread: 'R',
  'history-instance': 'R',
  'search-type': 'R',
  export: 'R',
  notify: 'R',
  create: 'C',
  update: 'U',
  patch: 'U',
  delete: 'D',
  operation: 'E',
};

export interface AuditEntry {
  subtype: AuditSubtype;
  /** The resource read or written (a Patient names itself; for others the caller gives `patient`, see patientOf). */
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
      .map((entry) => this.rowOf(actor, entry))
      .filter((row): row is AuditRowInput => row !== undefined);
    if (rows.length === 0) return;
    if (client.commitBatch) {
      // A write's entries commit with it, in one INSERT per transaction.
      client.commitBatch.add('audit', rows, (all) => this.insert(client, all));
      return;
    }
    await this.insert(client, rows);
  }

  private rowOf(actor: Principal, entry: AuditEntry): AuditRowInput | undefined {
    const type = entry.resource?.resourceType ?? entry.entity?.type;
    if (!type || RESOURCE_CLASS[type] !== 'patient') return undefined;
    return {
      action: ACTION[entry.subtype],
      subtype: entry.subtype,
      subject: actor.subject,
      name: actor.name ?? null,
      role: actor.role,
      hpr: actor.hprNumber ?? null,
      organization: actor.organizationNumber ?? null,
      clientId: actor.clientId ?? null,
      purpose: actor.emergencyAccessReason ? 'ETREAT' : 'TREAT',
      emergencyReason: actor.emergencyAccessReason ?? null,
      sourceAddress: actor.sourceAddress ?? null,
      type,
      id: entry.resource?.id ?? entry.entity?.id ?? null,
      version: entry.resource?.meta?.versionId ? Number(entry.resource.meta.versionId) : (entry.entity?.version ?? null),
      patient: entry.patient ?? (entry.resource?.resourceType === 'Patient' && entry.resource.id ? `Patient/${entry.resource.id}` : undefined) ?? null,
      query: entry.query ?? null,
    };
  }

  private async insert(client: SqlClient, rows: AuditRowInput[]): Promise<void> {
    const column = <K extends keyof AuditRowInput>(key: K) => rows.map((row) => row[key]);
    await client.query(
      `INSERT INTO audit_event (id, action, subtype, agent_subject, agent_name, agent_role, agent_hpr, agent_organization, client_id,
         purpose_of_use, emergency_reason, source_address, entity_type, entity_id, entity_version, patient, query)
       SELECT * FROM unnest($1::uuid[], $2::char[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::text[], $17::text[])`,
      [
        rows.map(() => randomUUID()),
        column('action'),
        column('subtype'),
        column('subject'),
        column('name'),
        column('role'),
        column('hpr'),
        column('organization'),
        column('clientId'),
        column('purpose'),
        column('emergencyReason'),
        column('sourceAddress'),
        column('type'),
        column('id'),
        column('version'),
        column('patient'),
        column('query'),
      ],
    );
  }
}

interface AuditRowInput {
  action: string;
  subtype: AuditSubtype;
  subject: string;
  name: string | null;
  role: string;
  hpr: string | null;
  organization: string | null;
  clientId: string | null;
  purpose: 'TREAT' | 'ETREAT';
  emergencyReason: string | null;
  sourceAddress: string | null;
  type: string;
  id: string | null;
  version: number | null;
  patient: string | null;
  query: string | null;
}
