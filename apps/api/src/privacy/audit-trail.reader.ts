import { Injectable, OnModuleInit } from '@nestjs/common';
import { IdentifierSystem, Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { AccessPolicyService } from '../access/access-policy.service';
import { Database } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { ReadOnlyTypeProvider, ReadOnlyTypes } from '../fhir/read-only-types';
import { parseFhirDateRange } from '../fhir/search/fhir-date-range';
import { AuditRow, auditEventResource } from './audit-event.resource';

const MAX_COUNT = 500;

/** Where a page of the audit trail (newest first) ends: the last row's instant, to the microsecond, and id. */
export interface AuditCursor {
  recorded: string;
  id: string;
}

/** An audit row as read for a page, with its exact instant for the next page's cursor. */
export type PagedAuditRow = AuditRow & { cursor_at: string };

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The opaque cursor that continues after `row`. */
export function encodeAuditCursor(row: PagedAuditRow): string {
  return Buffer.from(`${row.cursor_at}|${row.id}`).toString('base64url');
}

/** A cursor Bro gave out, or undefined for anything else (garbled, forged, truncated, an impossible instant). */
export function decodeAuditCursor(text: string): AuditCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  const match = CURSOR.exec(Buffer.from(text, 'base64url').toString('latin1'));
  if (!match) return undefined;
  const range = parseFhirDateRange(match[1]);
  return range && range.start.toISOString().slice(0, 23) === match[1].slice(0, 23) ? { recorded: match[1], id: match[2] } : undefined;
}

const PURPOSE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const AGENT_SYSTEMS = [IdentifierSystem.Hpr as string, 'urn:bro:subject'];

/**
 * `agent` is a reference to who acted; Bro records them by identifier (HPR number, else the token's
 * subject), not as a resource, so it is searched by that identifier: `agent:identifier=system|value`,
 * or the value alone. A `Type/id` reference names no one Bro recorded that way: 400, not an empty page.
 */
function agentIdentifierOf(name: string, value: string): string {
  const bar = value.indexOf('|');
  if (bar >= 0) {
    if (!AGENT_SYSTEMS.includes(value.slice(0, bar))) throw DomainError.badRequest(`${name}: the identifier system must be ${AGENT_SYSTEMS.join(' or ')}`, name);
    return value.slice(bar + 1);
  }
  if (value.includes('/')) throw DomainError.badRequest(`${name}: search by the agent's identifier (agent:identifier=${IdentifierSystem.Hpr}|<HPR number>), not a resource reference`, name);
  return value;
}

/** `purpose=TREAT,ETREAT` (with or without the v3-ActReason system): the codes, any of which matches. */
function purposesOf(value: string): string[] {
  return value.split(',').map((token) => {
    const bar = token.indexOf('|');
    if (bar >= 0 && token.slice(0, bar) !== PURPOSE_SYSTEM) throw DomainError.badRequest(`purpose: the system must be ${PURPOSE_SYSTEM}`, 'purpose');
    const code = bar >= 0 ? token.slice(bar + 1) : token;
    if (!/^[A-Z]{1,20}$/.test(code)) throw DomainError.badRequest(`purpose: "${code.slice(0, 40)}" is not a purpose of use code such as TREAT or ETREAT`, 'purpose');
    return code;
  });
}

export interface AuditQuery {
  patient?: string;
  agent?: string;
  from?: Date;
  to?: Date;
  emergencyOnly?: boolean;
  /** Purposes of use (`TREAT`, `ETREAT`): any of them. */
  purposes?: string[];
  count: number;
  /** Keyset position: the last row of the previous page. */
  before?: AuditCursor;
  /** Count every row that matches as well (the page alone when false). */
  withTotal?: boolean;
}

/**
 * Reads the audit trail for privacy officers: `GET /fhir/R4/AuditEvent?patient=...` (read-only:
 * there is no way to write, change or delete an AuditEvent through the API), and the reports
 * built on it.
 */
@Injectable()
export class AuditTrailReader implements ReadOnlyTypeProvider, OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly types: ReadOnlyTypes,
    private readonly access: AccessPolicyService,
  ) {}

  onModuleInit(): void {
    this.types.register('AuditEvent', this);
  }

  private async assertMay(actor: Principal | undefined, interaction: 'read' | 'search'): Promise<void> {
    if (!actor) return;
    (await this.access.policyFor(actor)).assertMay('AuditEvent', interaction);
  }

  async read(id: string, actor: Principal | undefined): Promise<Resource> {
    await this.assertMay(actor, 'read');
    if (!/^[0-9a-f-]{36}$/.test(id)) throw DomainError.notFound(`AuditEvent/${id} does not exist`);
    const { rows } = await this.database.query<AuditRow>('SELECT * FROM audit_event WHERE id = $1', [id]);
    if (!rows[0]) throw DomainError.notFound(`AuditEvent/${id} does not exist`);
    return auditEventResource(rows[0]);
  }

  async search(params: Array<[string, string]>, actor: Principal | undefined): Promise<Resource> {
    await this.assertMay(actor, 'search');
    const query: AuditQuery = { count: 50 };
    for (const [name, value] of params) {
      if (name === 'patient') query.patient = value.includes('/') ? value : `Patient/${value}`;
      else if (name === 'agent' || name === 'agent:identifier') query.agent = agentIdentifierOf(name, value);
      else if (name === '_count') query.count = Number(value);
      else if (name === 'date') {
        const prefix = value.slice(0, 2);
        const range = parseFhirDateRange(/^(ge|le|gt|lt)/.test(prefix) ? value.slice(2) : value);
        if (!range) throw DomainError.badRequest(`date must be a date or instant, optionally with ge/le, got "${value}"`, 'date');
        if (prefix === 'ge' || prefix === 'gt') query.from = range.start;
        else if (prefix === 'le' || prefix === 'lt') query.to = range.end;
        else [query.from, query.to] = [range.start, range.end];
      } else if (name === 'purpose') query.purposes = purposesOf(value);
      else if (name === '_cursor') {
        query.before = decodeAuditCursor(value);
        if (!query.before) throw DomainError.badRequest('_cursor is not one Bro gave out', '_cursor');
      } else throw DomainError.badRequest(`AuditEvent is searched by patient, agent, date, purpose and _count, not ${name.slice(0, 64)}`, name.slice(0, 64));
    }
    if (!Number.isInteger(query.count) || query.count < 1 || query.count > MAX_COUNT) throw DomainError.badRequest(`_count must be from 1 to ${MAX_COUNT}`, '_count');
    const { rows, total } = await this.find(query);
    const last = rows[query.count - 1];
    const next = rows.length > query.count && last ? encodeAuditCursor(last) : undefined;
    const link = next
      ? [{ relation: 'next', url: `?${new URLSearchParams([...params.filter(([n]) => n !== '_cursor'), ['_cursor', next]]).toString()}` }]
      : [];
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total,
      link,
      entry: rows.slice(0, query.count).map((row) => ({ resource: auditEventResource(row), search: { mode: 'match' } })),
    };
  }

  /** Newest first; one more row than asked for tells whether there is a next page. */
  async find(query: AuditQuery): Promise<{ rows: PagedAuditRow[]; total: number }> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const add = (value: unknown) => `$${values.push(value)}`;
    if (query.patient) conditions.push(`patient = ${add(query.patient)}`);
    if (query.agent) conditions.push(`(agent_subject = ${add(query.agent)} OR agent_hpr = ${add(query.agent)})`);
    if (query.from) conditions.push(`recorded >= ${add(query.from.toISOString())}::timestamptz`);
    if (query.to) conditions.push(`recorded < ${add(query.to.toISOString())}::timestamptz`);
    if (query.emergencyOnly) conditions.push(`purpose_of_use = 'ETREAT'`);
    if (query.purposes) conditions.push(`purpose_of_use = ANY(${add(query.purposes)}::text[])`);
    const where = conditions.length ? conditions.join(' AND ') : 'TRUE';
    const countValues = [...values];
    const keyset = query.before ? ` AND (recorded, id) < (${add(query.before.recorded)}::timestamptz, ${add(query.before.id)}::uuid)` : '';
    const [page, count] = await Promise.all([
      this.database.query<PagedAuditRow>(
        `SELECT *, to_char(recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
           FROM audit_event WHERE ${where}${keyset} ORDER BY recorded DESC, id DESC LIMIT ${add(query.count + 1)}`,
        values,
      ),
      query.withTotal === false ? undefined : this.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE ${where}`, countValues),
    ]);
    return { rows: page.rows, total: count?.rows[0].n ?? page.rows.length };
  }

  capability() {
    return {
      interaction: [{ code: 'read' }, { code: 'search-type' }],
      searchParam: [
        { name: 'patient', type: 'reference', documentation: 'Whose data was accessed' },
        {
          name: 'agent',
          type: 'reference',
          documentation: 'Who accessed it, by the identifier Bro records for them (agent.who.identifier): agent:identifier=<HPR system>|<HPR number>, or the HPR number or user id alone',
        },
        { name: 'date', type: 'date', documentation: 'When (ge/le)' },
        { name: 'purpose', type: 'token', documentation: 'Purpose of use (v3-ActReason): TREAT, or ETREAT for emergency access' },
      ],
    };
  }
}
