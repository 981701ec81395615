import { Injectable, Logger } from '@nestjs/common';
import {
  GP_OFFICE_CAPABILITY_EXTENSION,
  IdentifierSystem,
  OfficeCapability,
  OfficeCapabilityField,
  Resource,
  compactCapability,
  isGpOffice,
  officeCapabilityOf,
  officeCapabilityProblems,
  withOfficeCapability,
} from '@app/fhir';
import { CapabilityImportError, CapabilityImportReport, OfficeCapabilityHistory, OfficeCapabilityPage, OfficeCapabilityRow, OfficeCapabilityVersion } from '@app/fhir/multidose/office-capability-answers';
import { Principal } from '../../auth/principal';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { DomainError } from '../../common/errors/domain-error';
import { Database } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { CSV_COLUMN_OF, CapabilityCsvRow, capabilityAfterRow, parseCapabilityCsv } from './capability-csv';

/** The newest versions the history shows: an office's capability changes a few times a year. */
export const MAX_HISTORY_VERSIONS = 100;
/** Rows written at once during an import: each its own transaction, a few side by side. */
const IMPORT_CONCURRENCY = 4;

const GP_OFFICE_KEY = 'sv:urn:bro:organization-type|gp-office';
const GP_ROLE_KEY = 'sv:urn:bro:practitioner-role|gp';

interface OfficeRow {
  id: string;
  version_id: number;
  last_updated: Date;
  resource: Resource;
  gps: number;
}

function identifierOf(resource: Resource, system: string): string | undefined {
  const identifiers = Array.isArray(resource.identifier) ? (resource.identifier as Array<{ system?: string; value?: string }>) : [];
  return identifiers.find((identifier) => identifier.system === system)?.value;
}

export function officeRowOf(row: OfficeRow): OfficeCapabilityRow {
  const orgnr = identifierOf(row.resource, IdentifierSystem.Organisasjonsnummer);
  const herId = identifierOf(row.resource, IdentifierSystem.Her);
  return {
    office: `Organization/${row.id}`,
    name: typeof row.resource.name === 'string' ? row.resource.name : `Organization/${row.id}`,
    ...(orgnr ? { orgnr } : {}),
    ...(herId ? { herId } : {}),
    active: row.resource.active !== false,
    gps: Number(row.gps),
    capability: officeCapabilityOf(row.resource) ?? {},
    version: row.version_id,
    lastUpdated: row.last_updated.toISOString(),
  };
}

const sameCapability = (a: OfficeCapability, b: OfficeCapability) => JSON.stringify(compactCapability(a)) === JSON.stringify(compactCapability(b));

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * GP offices' e-multidose capability for the administrator: the list, a change, the history and the CSV
 * import. Every change is an update of the office's Organization through FhirService as the administrator,
 * with If-Match: the role table, the capability write rule, the new version in the FHIR history, the audit
 * and the outbox event (which moves the boards) follow as for any other write.
 */
@Injectable()
export class OfficeCapabilityService {
  private readonly logger = new Logger('OfficeCapability');

  constructor(
    private readonly database: Database,
    private readonly fhir: FhirService,
  ) {}

  async list(page: number, pageSize: number, q?: string): Promise<OfficeCapabilityPage> {
    const search = q?.trim() || null;
    const where = `o.sp_type && ARRAY[$1]::text[]
       AND ($2::text IS NULL OR o.resource->>'name' ILIKE '%' || $3 || '%' ESCAPE '\\' OR o.sp_identifier && ARRAY['v:' || $2]::text[])`;
    const params = [GP_OFFICE_KEY, search, search && likeLiteral(search)];
    const [{ rows }, counted] = await Promise.all([
      this.database.query<OfficeRow>(
        `SELECT o.id, o.version_id, o.last_updated, o.resource,
                (SELECT count(*) FROM fhir_practitioner_role r
                  WHERE r.sp_organization = 'Organization/' || o.id AND r.sp_role && ARRAY[$4]::text[]
                    AND coalesce((r.resource->>'active')::boolean, true))::int AS gps
           FROM fhir_organization o WHERE ${where}
          ORDER BY lower(o.resource->>'name'), o.id LIMIT $5 OFFSET $6`,
        [...params, GP_ROLE_KEY, pageSize, (page - 1) * pageSize],
      ),
      this.database.query<{ total: number }>(`SELECT count(*)::int AS total FROM fhir_organization o WHERE ${where}`, params),
    ]);
    return { total: counted.rows[0]?.total ?? 0, page, pageSize, offices: rows.map(officeRowOf) };
  }

  /** One office as the list shows it; 404 for an id that is no GP office. */
  async one(id: string): Promise<OfficeCapabilityRow> {
    const { rows } = await this.database.query<OfficeRow>(
      `SELECT o.id, o.version_id, o.last_updated, o.resource,
              (SELECT count(*) FROM fhir_practitioner_role r
                WHERE r.sp_organization = 'Organization/' || o.id AND r.sp_role && ARRAY[$3]::text[]
                  AND coalesce((r.resource->>'active')::boolean, true))::int AS gps
         FROM fhir_organization o WHERE o.id = $1 AND o.sp_type && ARRAY[$2]::text[]`,
      [id, GP_OFFICE_KEY, GP_ROLE_KEY],
    );
    if (!rows[0]) throw DomainError.notFound(`Organization/${id} is no GP office in the directory`);
    return officeRowOf(rows[0]);
  }

  /**
   * Sets an office's capability as the administrator saw and changed it: `version` is the Organization's
   * version they edited (412 when someone changed it since). Saying what the office already has writes nothing.
   */
  async change(principal: Principal, id: string, version: number, capability: OfficeCapability): Promise<OfficeCapabilityRow> {
    const problems = officeCapabilityProblems(capability, osloDate(new Date()));
    if (problems.length) throw capabilityRefusal(problems);
    await this.database.transaction(async (client) => {
      const access = await this.fhir.policyOf(principal, client);
      access?.assertMay('Organization', 'update');
      const current = await this.fhir.readForUpdate('Organization', id, { client, access });
      if (!current || !isGpOffice(current.resource)) throw DomainError.notFound(`Organization/${id} is no GP office in the directory`);
      if (current.versionId !== version) {
        throw DomainError.preconditionFailed(
          `Organization/${id} is at version ${current.versionId}, not ${version}: someone changed the office since you loaded it; load it again and make your change there`,
        );
      }
      if (sameCapability(officeCapabilityOf(current.resource) ?? {}, capability)) return;
      await this.fhir.update('Organization', id, withOfficeCapability(current.resource, capability), { client, actor: principal, access, ifMatch: version, current });
    });
    return this.one(id);
  }

  /** The capability over the Organization's versions, newest first, from its FHIR history (as `GET Organization/<id>/_history` answers). */
  async history(principal: Principal, id: string): Promise<OfficeCapabilityHistory> {
    const office = await this.one(id);
    const page = await this.fhir.history({ resourceType: 'Organization', id, count: String(MAX_HISTORY_VERSIONS) }, principal);
    const versions: OfficeCapabilityVersion[] = page.entries.map((entry) => {
      const resource = entry.resource as Resource | undefined;
      return {
        version: Number(/(\d+)/.exec(entry.response?.etag ?? '')?.[1] ?? resource?.meta?.versionId ?? 0),
        lastUpdated: entry.response?.lastModified ?? String(resource?.meta?.lastUpdated ?? ''),
        method: entry.request?.method === 'POST' ? 'create' : entry.request?.method === 'DELETE' ? 'delete' : 'update',
        capability: (resource && officeCapabilityOf(resource)) ?? {},
        capabilityChanged: false,
      };
    });
    // Newest first: a version changed the capability when it differs from the one before it (the oldest shown: when it has one).
    versions.forEach((version, index) => {
      const before = versions[index + 1];
      version.capabilityChanged = before ? !sameCapability(version.capability, before.capability) : Object.keys(version.capability).length > 0;
    });
    return { office: office.office, name: office.name, versions };
  }

  /**
   * A CSV of capabilities, row by row: the file as a whole is refused (400/413) only when it cannot be read
   * (no header, unknown columns, NUL, too big); otherwise every good row is written on its own, and every
   * bad row is reported with its line, its column and why, never stopping the others.
   */
  async import(principal: Principal, csv: string): Promise<CapabilityImportReport> {
    const parsed = parseCapabilityCsv(csv);
    const errors: CapabilityImportError[] = [...parsed.errors];
    const located = await this.locate(parsed.rows, errors);
    let updated = 0;
    let unchanged = 0;
    let next = 0;
    const work = async () => {
      while (next < located.length) {
        const item = located[next++];
        try {
          if (await this.importRow(principal, item.id, item.row)) updated++;
          else unchanged++;
        } catch (error) {
          errors.push(...rowErrorsOf(item.row.row, error));
          if (!(error instanceof DomainError)) this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, work));
    errors.sort((a, b) => a.row - b.row);
    const failedRows = new Set(errors.map((error) => error.row)).size;
    this.logger.log(`capability import by ${principal.subject}: ${updated} updated, ${unchanged} unchanged, ${failedRows} refused`);
    return { rows: parsed.rows.length + new Set(parsed.errors.map((error) => error.row)).size, updated, unchanged, failed: failedRows, errors };
  }

  /** The office each row names, found for all rows in one query; rows naming none (or two, or one twice) go to `errors`. */
  private async locate(rows: CapabilityCsvRow[], errors: CapabilityImportError[]): Promise<Array<{ id: string; row: CapabilityCsvRow }>> {
    const keys = (row: CapabilityCsvRow) => [
      ...(row.orgnr ? [`sv:${IdentifierSystem.Organisasjonsnummer}|${row.orgnr}`] : []),
      ...(row.herId ? [`sv:${IdentifierSystem.Her}|${row.herId}`] : []),
    ];
    const all = [...new Set(rows.flatMap(keys))];
    const found = all.length
      ? (
          await this.database.query<{ id: string; sp_identifier: string[]; gp_office: boolean }>(
            `SELECT id, sp_identifier, sp_type && ARRAY[$2]::text[] AS gp_office FROM fhir_organization WHERE sp_identifier && $1::text[]`,
            [all, GP_OFFICE_KEY],
          )
        ).rows
      : [];
    const byKey = new Map<string, Array<{ id: string; gpOffice: boolean }>>();
    for (const organization of found) {
      for (const key of organization.sp_identifier ?? []) if (all.includes(key)) byKey.set(key, [...(byKey.get(key) ?? []), { id: organization.id, gpOffice: organization.gp_office }]);
    }
    const firstRowOf = new Map<string, number>();
    const located: Array<{ id: string; row: CapabilityCsvRow }> = [];
    for (const row of rows) {
      const field = row.orgnr ? 'orgnr' : 'her_id';
      const matches = keys(row).map((key) => byKey.get(key) ?? []);
      const ids = [...new Set(matches.flat().map((match) => match.id))];
      if (matches.some((list) => list.length === 0)) {
        const missing = row.orgnr && !(byKey.get(keys(row)[0]) ?? []).length ? `orgnr ${row.orgnr}` : `HER id ${row.herId}`;
        errors.push({ row: row.row, field: missing.startsWith('orgnr') ? 'orgnr' : 'her_id', message: `no organisation in the directory has ${missing}` });
      } else if (ids.length > 1) {
        errors.push({ row: row.row, field, message: `orgnr ${row.orgnr} and HER id ${row.herId} name different organisations; give one, or both of the same office` });
      } else if (!matches.flat().every((match) => match.gpOffice)) {
        errors.push({ row: row.row, field, message: `${row.orgnr ? `orgnr ${row.orgnr}` : `HER id ${row.herId}`} is no GP office; capability belongs on GP offices` });
      } else if (firstRowOf.has(ids[0])) {
        errors.push({ row: row.row, field, message: `the same office is given on line ${firstRowOf.get(ids[0])}; give each office once` });
      } else {
        firstRowOf.set(ids[0], row.row);
        located.push({ id: ids[0], row });
      }
    }
    return located;
  }

  /** One row, its own transaction: the office as it is now with the row's columns over it. True when it changed. */
  private async importRow(principal: Principal, id: string, row: CapabilityCsvRow): Promise<boolean> {
    return this.database.transaction(async (client) => {
      const access = await this.fhir.policyOf(principal, client);
      access?.assertMay('Organization', 'update');
      const current = await this.fhir.readForUpdate('Organization', id, { client, access });
      if (!current) throw DomainError.notFound(`Organization/${id} is gone`);
      const before = officeCapabilityOf(current.resource) ?? {};
      const after = capabilityAfterRow(before, row);
      const problems = officeCapabilityProblems(after, osloDate(new Date()));
      if (problems.length) throw capabilityRefusal(problems);
      if (sameCapability(before, after)) return false;
      await this.fhir.update('Organization', id, withOfficeCapability(current.resource, after), { client, actor: principal, access, ifMatch: current.versionId, current });
      return true;
    });
  }
}

/** One 422 naming every problem, each at its /api field (what the error filter shows as `field`). */
export function capabilityRefusal(problems: Array<{ field: OfficeCapabilityField; message: string }>): DomainError {
  return new DomainError(
    422,
    problems.map((problem) => ({ severity: 'error', code: 'business-rule', diagnostics: problem.message, expression: [`${GP_OFFICE_CAPABILITY_EXTENSION}.${problem.field}`, problem.field] })),
  );
}

/** A refused row's errors: one per issue, at its CSV column. */
function rowErrorsOf(row: number, error: unknown): CapabilityImportError[] {
  if (!(error instanceof DomainError)) return [{ row, field: 'row', message: 'the row could not be written (an internal error, logged); try it again' }];
  return error.issues.map((issue) => {
    const field = issue.expression?.[issue.expression.length - 1] as OfficeCapabilityField | undefined;
    return { row, field: (field && CSV_COLUMN_OF[field]) ?? 'row', message: issue.diagnostics ?? error.message };
  });
}
