import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { BundleEntry, Resource, SUPPORTED_RESOURCE_TYPES } from '@app/fhir';
import { Principal } from '../../auth/principal';
import { AccessPolicy } from '../../access/access-policy';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { DomainError } from '../../common/errors/domain-error';
import { FhirOperations, OperationCall, OperationResult } from '../fhir-operations';
import { FhirService } from '../fhir.service';
import { parseFhirDateRange } from '../search/fhir-date-range';
import { RESOURCE_ID, decodeCursorJson } from '../search/search-cursor';
import { SqlParams } from '../search/search-sql.builder';
import { searchParameterRegistry, tableNameOf } from '../search/search-parameter.registry';

const DEFINITION = 'http://hl7.org/fhir/OperationDefinition/Patient-everything';
const PARAMETERS = new Set(['_count', '_since', '_type', '_cursor']);

/** Where a page ends: the last entry's place in the order (type rank, id). */
type Position = [number, string];

interface Query {
  count: number;
  since?: Date;
  types?: string[];
  after?: Position;
}

interface Row {
  rank: number;
  id: string;
  resource: Resource;
  total: number;
}

/** The types that can refer to a patient, each with the columns of its reference parameters that may point at one. */
const REFERRING = (() => {
  const byType = new Map<string, Array<{ column: string; multiple: boolean }>>();
  for (const parameter of searchParameterRegistry.referencesTo('Patient')) {
    const columns = byType.get(parameter.resourceType) ?? [];
    if (!columns.some((c) => c.column === parameter.column)) columns.push({ column: parameter.column, multiple: parameter.multiple });
    byType.set(parameter.resourceType, columns);
  }
  // In the order Bro declares its types, so pages are stable.
  return SUPPORTED_RESOURCE_TYPES.filter((type) => byType.has(type)).map((type) => ({ type, columns: byType.get(type)! }));
})();

function encodePosition(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodePosition(raw: string): Position {
  const value = decodeCursorJson(raw);
  if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && value[0] >= 0 && value[0] <= REFERRING.length && typeof value[1] === 'string' && RESOURCE_ID.test(value[1])) {
    return value as Position;
  }
  throw DomainError.badRequest('_cursor is not a position of $everything; follow the links of its Bundle', '_cursor');
}

/** The parameters from the query string, or from a POSTed Parameters resource. */
function parametersOf(call: OperationCall): Array<[string, string]> {
  const pairs = [...(call.params ?? [])];
  const body = call.body as { resourceType?: unknown; parameter?: unknown } | undefined;
  if (body && typeof body === 'object' && body.resourceType === 'Parameters' && Array.isArray(body.parameter)) {
    for (const parameter of body.parameter as Array<Record<string, unknown>>) {
      const valueKey = Object.keys(parameter).find((key) => key.startsWith('value'));
      if (typeof parameter.name === 'string' && valueKey) pairs.push([parameter.name, String(parameter[valueKey])]);
    }
  }
  return pairs;
}

/**
 * `GET|POST Patient/<id>/$everything`: the patient and every resource that refers to them through a
 * reference search parameter that may point at a Patient (Task.for and .owner, Encounter.subject,
 * Appointment.actor, ...), as far as the caller may see: the patient answers 404 to whoever may not
 * see them, and each type is narrowed by the caller's access policy (their scopes and the care
 * relationship) in the database, so totals and pages leak nothing. Paged (`_count`, a `next` link),
 * with `_since` and `_type`; every resource returned is audited.
 */
@Injectable()
export class PatientEverythingOperation implements OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly operations: FhirOperations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.operations.register({
      name: 'everything',
      level: 'instance',
      resourceType: 'Patient',
      definition: DEFINITION,
      affectsState: false,
      invoke: (call) => this.invoke(call),
    });
  }

  private async invoke(call: OperationCall): Promise<OperationResult> {
    const id = call.id!;
    const pairs = parametersOf(call);
    const query = this.queryOf(pairs);
    const policy = await this.fhir.policyOf(call.actor);
    policy?.assertMay('Patient', 'read');
    // Emergency access opens reads of the one patient named here, for this request only.
    const access = policy?.emergency ? policy.forEmergencyPatient(`Patient/${id}`) : policy;
    await this.assertPatientVisible(id, access);
    const rows = await this.page(id, query, access);
    const shown = rows.slice(0, query.count);
    await this.fhir.recordAccess(
      this.fhir.database,
      call.actor as Principal | undefined,
      shown.map((row) => ({ subtype: 'operation' as const, resource: row.resource, query: `Patient/${id}/$everything` })),
    );
    return { status: 200, resource: this.bundleOf(id, pairs, query, rows) };
  }

  private queryOf(pairs: Array<[string, string]>): Query {
    const query: Query = { count: this.config.defaultPageSize };
    const seen = new Set<string>();
    for (const [name, value] of pairs) {
      if (!PARAMETERS.has(name)) throw DomainError.badRequest(`$everything takes _count, _since, _type and _cursor, not ${name.slice(0, 64)}`, name.slice(0, 64));
      if (seen.has(name)) throw DomainError.badRequest(`${name} is given more than once`, name);
      seen.add(name);
      if (name === '_count') {
        if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw DomainError.badRequest('_count must be a whole number of 1 or more', '_count');
        // More than a page holds gets a full page and a next link, as search does.
        query.count = Math.min(Number(value), this.config.maxPageSize);
      } else if (name === '_since') {
        const since = parseFhirDateRange(value);
        if (!since || !/T/.test(value)) throw DomainError.badRequest(`_since must be an instant, got "${value.slice(0, 64)}"`, '_since');
        query.since = since.start;
      } else if (name === '_type') {
        const types = value.split(',');
        const unknown = types.find((type) => type !== 'Patient' && !REFERRING.some((r) => r.type === type));
        if (unknown) throw DomainError.badRequest(`_type: ${unknown.slice(0, 64)} never refers to a patient; $everything returns ${['Patient', ...REFERRING.map((r) => r.type)].join(', ')}`, '_type');
        query.types = types;
      } else query.after = decodePosition(value);
    }
    return query;
  }

  private async assertPatientVisible(id: string, access: AccessPolicy | undefined): Promise<void> {
    const params = new SqlParams();
    const idParam = params.add(id);
    const visible = access ? access.visibleSql('Patient', params) : 'TRUE';
    const { rowCount } = await this.fhir.database.query(`SELECT 1 FROM "${tableNameOf('Patient')}" WHERE id = ${idParam} AND ${visible}`, params.values);
    if (!rowCount) throw DomainError.notFound(`Patient/${id} does not exist`);
  }

  /** One page (and one row more, to tell whether there is a next), in one statement over every type the caller may read. */
  private async page(id: string, query: Query, access: AccessPolicy | undefined): Promise<Row[]> {
    const params = new SqlParams();
    const reference = params.add(`Patient/${id}`);
    const since = query.since ? params.add(query.since.toISOString()) : undefined;
    const changedSince = since ? ` AND last_updated >= ${since}::timestamptz` : '';
    const wanted = (type: string) => (!query.types || query.types.includes(type)) && (!access || access.may(type, 'read'));
    const selects: string[] = [];
    if (wanted('Patient')) {
      selects.push(`SELECT 0 AS rank, id, resource FROM "${tableNameOf('Patient')}" WHERE id = ${params.add(id)}${changedSince}`);
    }
    REFERRING.forEach(({ type, columns }, index) => {
      if (!wanted(type)) return;
      const refers = columns.map(({ column, multiple }) => (multiple ? `"${column}" && ARRAY[${reference}::text]` : `"${column}" = ${reference}::text`)).join(' OR ');
      const visible = access ? access.visibleSql(type, params) : 'TRUE';
      selects.push(`SELECT ${index + 1} AS rank, id, resource FROM "${tableNameOf(type)}" WHERE (${refers}) AND ${visible}${changedSince}`);
    });
    if (selects.length === 0) return [];
    const after = query.after ? `WHERE (rank, id) > (${params.add(query.after[0])}::int, ${params.add(query.after[1])}::text)` : '';
    const { rows } = await this.fhir.database.query<Row>(
      `SELECT rank, id, resource, total FROM (SELECT *, count(*) OVER ()::int AS total FROM (${selects.join(' UNION ALL ')}) AS everything) AS counted
        ${after} ORDER BY rank, id LIMIT ${params.add(query.count + 1)}`,
      params.values,
    );
    return rows;
  }

  private bundleOf(id: string, pairs: Array<[string, string]>, query: Query, rows: Row[]): Resource {
    const base = `${this.fhir.baseUrl}/Patient/${id}/$everything`;
    const shown = rows.slice(0, query.count);
    const last = shown[shown.length - 1];
    const next = rows.length > query.count && last ? new URLSearchParams([...pairs.filter(([name]) => name !== '_cursor'), ['_cursor', encodePosition([last.rank, last.id])]]) : undefined;
    const self = new URLSearchParams(pairs).toString();
    const entries: BundleEntry[] = shown.map((row) => ({
      fullUrl: `${this.fhir.baseUrl}/${row.resource.resourceType}/${row.id}`,
      resource: row.resource,
      search: { mode: 'match' },
    }));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      // The count is of everything after the cursor on later pages, so only the first page states a total.
      ...(query.after ? {} : { total: rows[0]?.total ?? 0 }),
      link: [{ relation: 'self', url: `${base}${self ? `?${self}` : ''}` }, ...(next ? [{ relation: 'next', url: `${base}?${next}` }] : [])],
      ...(entries.length ? { entry: entries } : {}),
    };
  }
}
