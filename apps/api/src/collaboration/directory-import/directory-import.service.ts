import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM,
  IdentifierSystem,
  MunicipalServiceType,
  OrganizationTypeCode,
  PRACTITIONER_ROLE_IDENTIFIER_SYSTEM,
  Reference,
  Resource,
  herEndpointFromRegistry,
  organizationFromRegistry,
  practitionerFromRegistry,
  practitionerRoleIdentifier,
  roleFromRegistry,
  sameJson,
  serviceFromRegistry,
  withoutServerFields,
} from '@app/fhir';
import type { DirectoryImportError, DirectoryImportReport } from '@app/fhir/api/directory-import-answers';
import { AccessPolicy } from '../../access/access-policy';
import { Principal } from '../../auth/principal';
import { DomainError } from '../../common/errors/domain-error';
import { Database, SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';
import { DirectoryCsvRow, DirectoryColumn, EntryKeys, dataRowCount, parseDirectoryCsv } from './directory-csv';
import { WaveItem, importWaves } from './import-waves';

/** Rows written at once: each its own transaction, a few side by side (the database has other work too). */
const IMPORT_CONCURRENCY = 4;

/** Data rows written or refused so far, of all the file's data rows. */
export interface ImportProgress {
  done: number;
  total: number;
}

type Outcome = 'created' | 'updated' | 'unchanged';

/** A refusal of one row, at its CSV column. */
class RowRefusal extends Error {
  constructor(
    readonly field: DirectoryColumn | 'row',
    message: string,
  ) {
    super(message);
  }
}

interface RowWrite {
  client: SqlClient;
  principal: Principal;
  access: AccessPolicy | undefined;
}

const describe = (keys: EntryKeys) =>
  [keys.orgnr && `orgnr ${keys.orgnr}`, keys.reshId && `RESH id ${keys.reshId}`, keys.herId && `HER id ${keys.herId}`, keys.serviceId && `service id ${keys.serviceId}`].filter(Boolean).join(' / ');

const parentColumn = (parent: EntryKeys): DirectoryColumn =>
  parent.orgnr ? 'parent_orgnr' : parent.reshId ? 'parent_resh_id' : parent.herId ? 'parent_her_id' : 'parent_service_id';

function identifierOf(resource: Resource, system: string): string | undefined {
  const identifiers = Array.isArray(resource.identifier) ? (resource.identifier as Array<{ system?: string; value?: string }>) : [];
  return identifiers.find((identifier) => identifier.system === system)?.value;
}

/**
 * The registry CSV import of the collaboration directory. Every row is its own transaction of writes through
 * FhirService as the caller (admin or the registry's system client): the role table and scopes, validation, the
 * FHIR history and the outbox event follow as for any other write, and the directory's projection
 * is kept by its write rule. A row that says what the entry already says writes nothing (no new version): the
 * resource the row would give is compared with the stored one (sameJson). Rows are written parents first
 * (an organisation before its units, services and people), so a file may bring a whole hospital at once.
 */
@Injectable()
export class DirectoryImportService {
  private readonly logger = new Logger('DirectoryImport');

  constructor(
    private readonly database: Database,
    private readonly fhir: FhirService,
  ) {}

  /** Writes the file's rows; `onProgress` hears of every row written or refused (the caller decides how often to pass it on). */
  async import(principal: Principal, csv: string, onProgress: (progress: ImportProgress) => void = () => undefined): Promise<DirectoryImportReport> {
    const parsed = parseDirectoryCsv(csv);
    const errors: DirectoryImportError[] = [...parsed.errors];
    const report: DirectoryImportReport = {
      rows: dataRowCount(parsed),
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      byKind: { organization: { created: 0, updated: 0, unchanged: 0 }, service: { created: 0, updated: 0, unchanged: 0 }, person: { created: 0, updated: 0, unchanged: 0 } },
      errors,
    };
    const { waves, refused } = importWaves(parsed.rows);
    errors.push(...refused);
    const failed = new Set<number>(refused.map((error) => error.row));
    // Rows refused before any write (unreadable, or out of order in the file) are done at once.
    const progress: ImportProgress = { done: report.rows - waves.reduce((sum, wave) => sum + wave.length, 0), total: report.rows };
    onProgress({ ...progress });
    const importOne = async ({ row, dependsOn }: WaveItem) => {
      if (dependsOn !== undefined && failed.has(dependsOn)) {
        failed.add(row.row);
        errors.push({ row: row.row, field: parentColumn(row.parent ?? {}), message: `its parent, on line ${dependsOn}, was refused` });
      } else {
        try {
          const outcome = await this.database.transaction((client) => this.importRow(row, principal, client));
          report[outcome]++;
          report.byKind[row.kind][outcome]++;
        } catch (error) {
          failed.add(row.row);
          errors.push(...rowErrorsOf(row.row, error));
          if (!(error instanceof DomainError) && !(error instanceof RowRefusal)) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
        }
      }
      progress.done++;
      onProgress({ ...progress });
    };
    for (const wave of waves) {
      const groups = groupedByPerson(wave);
      let next = 0;
      const work = async () => {
        while (next < groups.length) {
          for (const item of groups[next++]) await importOne(item);
        }
      };
      await Promise.all(Array.from({ length: IMPORT_CONCURRENCY }, work));
    }
    errors.sort((a, b) => a.row - b.row);
    report.failed = new Set(errors.map((error) => error.row)).size;
    this.logger.log(`directory import by ${principal.subject}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} refused`);
    return report;
  }

  private async importRow(row: DirectoryCsvRow, principal: Principal, client: SqlClient): Promise<Outcome> {
    const access = await this.fhir.policyOf(principal, client);
    const context: RowWrite = { client, principal, access };
    switch (row.kind) {
      case 'organization':
        return this.importOrganization(row, context);
      case 'service':
        return this.importService(row, context);
      case 'person':
        return this.importPerson(row, context);
    }
  }

  private async importOrganization(row: DirectoryCsvRow, context: RowWrite): Promise<Outcome> {
    const id = await this.findOne(context.client, 'Organization', organizationKeys(row.keys), row, 'orgnr');
    const current = id ? await this.lock(context, 'Organization', id) : undefined;
    if (!current) this.assertNewEntryComplete(row);
    else assertSameIdentifiers(current.resource, organizationKeys(row.keys));
    const organizationId = current?.resource.id ?? randomUUID();
    let partOf: Reference | null | undefined;
    if (row.parent) {
      const parentId = await this.findOne(context.client, 'Organization', organizationKeys(row.parent), row, parentColumn(row.parent));
      if (!parentId) throw new RowRefusal(parentColumn(row.parent), `no organization in the directory has ${describe(row.parent)}`);
      if (parentId === organizationId) throw new RowRefusal(parentColumn(row.parent), 'an organization cannot be part of itself');
      partOf = { reference: `Organization/${parentId}` };
    }
    const endpoint = await this.importEndpoint(row, context, `Organization/${organizationId}`, { reference: `Organization/${organizationId}`, isNew: !current });
    const next = organizationFromRegistry(current?.resource, {
      identifiers: row.keys,
      name: row.name,
      type: row.type as OrganizationTypeCode | undefined,
      active: row.active,
      phone: row.phone,
      openingHours: row.openingHours,
      address: row.address || row.district !== undefined ? { ...row.address, ...(row.district !== undefined ? { district: row.district } : {}) } : undefined,
      partOf,
      endpoint: endpoint.reference,
    });
    const written = await this.put(context, 'Organization', current, next, organizationId);
    return combine(written, endpoint.outcome);
  }

  private async importService(row: DirectoryCsvRow, context: RowWrite): Promise<Outcome> {
    const id = await this.findOne(context.client, 'HealthcareService', serviceKeys(row.keys), row, 'service_id');
    const current = id ? await this.lock(context, 'HealthcareService', id) : undefined;
    if (!current) this.assertNewEntryComplete(row);
    else assertSameIdentifiers(current.resource, serviceKeys(row.keys));
    let providedBy: Reference | undefined;
    if (row.parent) {
      const parentId = await this.findOne(context.client, 'Organization', organizationKeys(row.parent), row, parentColumn(row.parent));
      if (!parentId) throw new RowRefusal(parentColumn(row.parent), `no organization in the directory has ${describe(row.parent)}`);
      providedBy = { reference: `Organization/${parentId}` };
    } else if (!current) {
      throw new RowRefusal('parent_orgnr', 'a new service needs the organization that provides it: parent_orgnr, parent_resh_id or parent_her_id');
    }
    const serviceId = current?.resource.id ?? randomUUID();
    const managing = providedBy ?? (current?.resource.providedBy as Reference | undefined);
    const endpoint = await this.importEndpoint(row, context, managing?.reference, { reference: `HealthcareService/${serviceId}`, isNew: !current });
    const next = serviceFromRegistry(current?.resource, {
      identifiers: row.keys,
      name: row.name,
      type: row.type as MunicipalServiceType | undefined,
      active: row.active,
      phone: row.phone,
      openingHours: row.openingHours,
      district: row.district,
      providedBy,
      specialty: row.specialty,
      endpoint: endpoint.reference,
    });
    const written = await this.put(context, 'HealthcareService', current, next, serviceId);
    return combine(written, endpoint.outcome);
  }

  private async importPerson(row: DirectoryCsvRow, context: RowWrite): Promise<Outcome> {
    const parent = row.parent!;
    const hpr = row.hpr!;
    // Where they work: an organisation, or a service (at the organisation that provides it).
    let organization: Reference | undefined;
    let healthcareService: Reference | null = null;
    let placeKey: string | undefined;
    const organizationId = parent.serviceId ? undefined : await this.findOne(context.client, 'Organization', organizationKeys(parent), row, parentColumn(parent));
    if (organizationId) {
      const found = await this.fhir.readIfPresent('Organization', organizationId, context.client);
      organization = { reference: `Organization/${organizationId}` };
      placeKey = found && (identifierOf(found.resource, IdentifierSystem.Organisasjonsnummer) ?? identifierOf(found.resource, IdentifierSystem.Resh) ?? identifierOf(found.resource, IdentifierSystem.Her));
    } else {
      const serviceId = await this.findOne(context.client, 'HealthcareService', serviceKeys(parent), row, parentColumn(parent));
      const found = serviceId ? await this.fhir.readIfPresent('HealthcareService', serviceId, context.client) : undefined;
      if (!found) throw new RowRefusal(parentColumn(parent), `no organization or service in the directory has ${describe(parent)}`);
      healthcareService = { reference: `HealthcareService/${serviceId}` };
      organization = found.resource.providedBy as Reference | undefined;
      const key = identifierOf(found.resource, HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM) ?? identifierOf(found.resource, IdentifierSystem.Her);
      placeKey = key && `service:${key}`;
    }
    if (!placeKey) throw new RowRefusal(parentColumn(parent), 'the workplace has no orgnr, RESH id or HER id to name the role by');

    const practitionerId = await this.findId(context.client, 'Practitioner', IdentifierSystem.Hpr, hpr);
    const currentPractitioner = practitionerId ? await this.lock(context, 'Practitioner', practitionerId) : undefined;
    let practitionerOutcome: Outcome = 'unchanged';
    let practitioner: Reference;
    if (row.family !== undefined || !currentPractitioner) {
      if (!row.family) throw new RowRefusal('family_name', 'a person new to the directory needs their name');
      const next = practitionerFromRegistry(currentPractitioner?.resource, { hpr, given: row.given ?? [], family: row.family });
      const written = await this.put(context, 'Practitioner', currentPractitioner, next, currentPractitioner?.resource.id ?? randomUUID());
      practitionerOutcome = written.outcome === 'created' ? 'updated' : written.outcome;
      practitioner = { reference: `Practitioner/${written.id}`, display: [...(row.given ?? []), row.family].join(' ') };
    } else {
      practitioner = { reference: `Practitioner/${currentPractitioner.resource.id}` };
    }

    const identifier = practitionerRoleIdentifier(hpr, placeKey, row.type, row.validFrom);
    const roleId = await this.findId(context.client, 'PractitionerRole', PRACTITIONER_ROLE_IDENTIFIER_SYSTEM, identifier);
    const current = roleId ? await this.lock(context, 'PractitionerRole', roleId) : undefined;
    if (!current && !row.type) throw new RowRefusal('type', 'a role new to the directory needs its type (gp, hospital-doctor, …)');
    const newRoleId = current?.resource.id ?? randomUUID();
    const endpoint = await this.importEndpoint(row, context, organization?.reference, { reference: `PractitionerRole/${newRoleId}`, isNew: !current });
    const period = row.validFrom !== undefined || row.validTo !== undefined ? { ...(row.validFrom ? { start: row.validFrom } : {}), ...(row.validTo ? { end: row.validTo } : {}) } : undefined;
    const next = roleFromRegistry(current?.resource, {
      identifier,
      code: row.type,
      practitioner: current && !row.family ? undefined : practitioner,
      organization,
      healthcareService,
      specialty: row.specialty,
      active: row.active,
      phone: row.phone,
      openingHours: row.openingHours,
      endpoint: endpoint.reference,
      period: period && (period.start || period.end) ? period : period ? null : undefined,
    });
    const written = await this.put(context, 'PractitionerRole', current, next, newRoleId);
    return combine(combine(written, endpoint.outcome), practitionerOutcome);
  }

  /**
   * The row's HER address as an Endpoint (created, changed or as it was) and the reference the entry carries;
   * a row without a HER id leaves the entry's addresses as they are.
   */
  private async importEndpoint(
    row: DirectoryCsvRow,
    context: RowWrite,
    managingOrganization: string | undefined,
    entry: { reference: string; isNew: boolean },
  ): Promise<{ reference?: Reference | null; outcome: Outcome }> {
    const herId = row.keys.herId;
    if (!herId) return { outcome: 'unchanged' };
    const id = await this.findId(context.client, 'Endpoint', IdentifierSystem.Her, herId);
    const current = id ? await this.lock(context, 'Endpoint', id) : undefined;
    if (current) {
      // A HER id is one party's address: a row cannot take another entry's (messages for it would go astray).
      const { rows } = await context.client.query<{ source: string }>(
        `SELECT source_type || '/' || source_id AS source FROM fhir_reference
          WHERE target = $1 AND source_type IN ('Organization', 'HealthcareService', 'PractitionerRole') AND source_type || '/' || source_id <> $2 LIMIT 1`,
        [`Endpoint/${id}`, entry.reference],
      );
      if (rows[0]) throw new RowRefusal('her_id', `HER id ${herId} is the address of ${rows[0].source}; an address belongs to one entry`);
    }
    if (!current && !row.messageTypes?.length) throw new RowRefusal('message_types', `the HER address ${herId} is new to the directory: say which message types it accepts`);
    if (row.messageTypes !== undefined && row.messageTypes.length === 0) throw new RowRefusal('message_types', 'a HER address accepts at least one message type');
    const name = row.kind === 'person' ? [...(row.given ?? []), row.family].filter(Boolean).join(' ') || undefined : row.name;
    const next = herEndpointFromRegistry(current?.resource, {
      herId,
      name,
      messageTypes: row.messageTypes,
      active: row.active,
      managingOrganization: managingOrganization ? { reference: managingOrganization } : undefined,
    });
    // A new organisation's address names it before it is written (same transaction): the reference is vouched for here.
    const written = await this.put(context, 'Endpoint', current, next, current?.resource.id ?? randomUUID(), entry.isNew && row.kind === 'organization');
    return { reference: { reference: `Endpoint/${written.id}` }, outcome: written.outcome };
  }

  /** Writes `next` unless it says what `current` says: no new version for a row the entry already matches. */
  private async put(context: RowWrite, type: string, current: StoredResource | undefined, next: Resource, id: string, deferReferenceCheck = false): Promise<{ id: string; outcome: Outcome }> {
    const options = { client: context.client, actor: context.principal, access: context.access };
    if (current) {
      if (sameJson(withoutServerFields(current.resource), withoutServerFields(next))) return { id, outcome: 'unchanged' };
      await this.fhir.update(type, id, { ...next, id }, { ...options, ifMatch: current.versionId, current });
      return { id, outcome: 'updated' };
    }
    const { id: _drop, meta: _meta, ...body } = next;
    await this.fhir.create(type, body, { ...options, id, deferReferenceCheck });
    return { id, outcome: 'created' };
  }

  private async lock(context: RowWrite, type: string, id: string): Promise<StoredResource | undefined> {
    return this.fhir.readForUpdate(type, id, { client: context.client, access: context.access });
  }

  /** The one entry the keys name (undefined for none); refused when they name different entries. */
  private async findOne(client: SqlClient, type: string, keys: Array<{ system: string; value: string }>, row: DirectoryCsvRow, field: DirectoryColumn | 'row'): Promise<string | undefined> {
    if (keys.length === 0) return undefined;
    const { rows } = await client.query<{ resource_id: string }>(
      `SELECT DISTINCT resource_id FROM fhir_identifier
        WHERE resource_type = $1 AND (system, value) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [type, keys.map((key) => key.system), keys.map((key) => key.value)],
    );
    if (rows.length > 1) throw new RowRefusal(field, `the identifiers of line ${row.row} name ${rows.length} different entries; give those of one`);
    return rows[0]?.resource_id;
  }

  private async findId(client: SqlClient, type: string, system: string, value: string): Promise<string | undefined> {
    return this.findOne(client, type, [{ system, value }], { row: 0 } as DirectoryCsvRow, 'row');
  }

  private assertNewEntryComplete(row: DirectoryCsvRow): void {
    if (!row.name) throw new RowRefusal('name', `no ${row.kind} in the directory has ${describe(row.keys)}; a new one needs its name`);
    if (!row.type) throw new RowRefusal('type', `no ${row.kind} in the directory has ${describe(row.keys)}; a new one needs its type`);
  }
}

const COLUMN_OF_SYSTEM: Record<string, DirectoryColumn> = {
  [IdentifierSystem.Organisasjonsnummer]: 'orgnr',
  [IdentifierSystem.Resh]: 'resh_id',
  [IdentifierSystem.Her]: 'her_id',
  [HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM]: 'service_id',
};

/** An entry found by one of the row's numbers must not hold another of them with a different value: the row is about someone else. */
function assertSameIdentifiers(resource: Resource, keys: Array<{ system: string; value: string }>): void {
  for (const key of keys) {
    const held = identifierOf(resource, key.system);
    if (held !== undefined && held !== key.value) {
      throw new RowRefusal(COLUMN_OF_SYSTEM[key.system] ?? 'row', `the entry the row's other numbers name (${resource.resourceType}/${resource.id}) has ${held} here, not ${key.value}: the row mixes two entries`);
    }
  }
}

/** A wave's rows as groups written one after the other: one person's rows (roles, duties) share their Practitioner. */
function groupedByPerson(wave: WaveItem[]): WaveItem[][] {
  const groups: WaveItem[][] = [];
  const byPerson = new Map<string, WaveItem[]>();
  for (const item of wave) {
    const hpr = item.row.kind === 'person' ? item.row.hpr : undefined;
    const group = hpr ? byPerson.get(hpr) : undefined;
    if (group) group.push(item);
    else {
      const fresh = [item];
      if (hpr) byPerson.set(hpr, fresh);
      groups.push(fresh);
    }
  }
  return groups;
}

function organizationKeys(keys: EntryKeys): Array<{ system: string; value: string }> {
  return [
    ...(keys.orgnr ? [{ system: IdentifierSystem.Organisasjonsnummer, value: keys.orgnr }] : []),
    ...(keys.reshId ? [{ system: IdentifierSystem.Resh, value: keys.reshId }] : []),
    ...(keys.herId ? [{ system: IdentifierSystem.Her, value: keys.herId }] : []),
  ];
}

function serviceKeys(keys: EntryKeys): Array<{ system: string; value: string }> {
  return [
    ...(keys.serviceId ? [{ system: HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, value: keys.serviceId }] : []),
    ...(keys.herId ? [{ system: IdentifierSystem.Her, value: keys.herId }] : []),
  ];
}

/** A row's outcome from its writes: created when its entry is new, else updated when any write changed something. */
function combine(main: { outcome: Outcome } | Outcome, other: Outcome): Outcome {
  const outcome = typeof main === 'string' ? main : main.outcome;
  if (outcome === 'created') return 'created';
  return outcome === 'updated' || other !== 'unchanged' ? 'updated' : 'unchanged';
}

/** A refused row's errors: one per issue, at its CSV column where the refusal says. */
function rowErrorsOf(row: number, error: unknown): DirectoryImportError[] {
  if (error instanceof RowRefusal) return [{ row, field: error.field, message: error.message }];
  if (!(error instanceof DomainError)) return [{ row, field: 'row', message: 'the row could not be written (an internal error, logged); try it again' }];
  return error.issues.map((issue) => ({ row, field: 'row', message: issue.diagnostics ?? error.message }));
}
