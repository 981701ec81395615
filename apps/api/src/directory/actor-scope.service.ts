import { Injectable } from '@nestjs/common';
import { IdentifierSystem, ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode } from '@app/fhir';
import { Principal } from '../auth/principal';
import { Database, SqlClient } from '../database/sql-client';
import { ActorScope } from './actor-scope';

const CACHE_MILLISECONDS = 60_000;
const CACHE_LIMIT = 5_000;

function tokenKey(system: string, value: string): string {
  return `sv:${system}|${value}`;
}

/**
 * Finds what a caller acts for in the directory, from the claims of their token (HPR number,
 * organisation number, RESH id). Looked up on a caller's first write and kept for a minute: the
 * directory changes by the day, a caller writes by the second.
 */
@Injectable()
export class ActorScopeService {
  private readonly cache = new Map<string, { scope: ActorScope; expires: number }>();

  constructor(private readonly database: Database) {}

  /**
   * The caller's scope. Pass the transaction's `client` when the caller holds one: looking up on the
   * pool while holding a pooled connection could starve the pool under load.
   */
  /** The directory changed: what callers act for is looked up afresh (in this process at once, in others within a minute). */
  forgetAll(): void {
    this.cache.clear();
  }

  async scopeOf(principal: Principal, client: SqlClient = this.database): Promise<ActorScope> {
    const key = [principal.subject, principal.role, principal.hprNumber, principal.organizationNumber, principal.reshId].join('|');
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now()) return { ...cached.scope, principal };
    const scope = await this.lookUp(principal, client);
    // An empty scope is not kept: the caller's directory entry may be on its way (a seed, a new unit).
    if (scope.actsFor.size > 0) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, { scope, expires: Date.now() + CACHE_MILLISECONDS });
    }
    return scope;
  }

  private async lookUp(principal: Principal, db: SqlClient): Promise<ActorScope> {
    const organizationKeys = [
      principal.organizationNumber && tokenKey(IdentifierSystem.Organisasjonsnummer, principal.organizationNumber),
      principal.reshId && tokenKey(IdentifierSystem.Resh, principal.reshId),
    ].filter((key): key is string => Boolean(key));
    const hprKey = principal.hprNumber ? [tokenKey(IdentifierSystem.Hpr, principal.hprNumber)] : [];

    const { rows: roles } = await db.query<{ role: string; organization: string | null }>(
      `SELECT 'PractitionerRole/' || r.id AS role, r.sp_organization AS organization
         FROM fhir_practitioner_role r JOIN fhir_practitioner p ON r.sp_practitioner = 'Practitioner/' || p.id
        WHERE p.sp_identifier && $1::text[]`,
      [hprKey],
    );
    const { rows: organizations } = await db.query<{ ref: string }>(
      `SELECT 'Organization/' || id AS ref FROM fhir_organization WHERE sp_identifier && $1::text[]`,
      [organizationKeys],
    );
    const practitionerRoles = roles.map((row) => row.role);
    // A GP's office is the organisation of their role even when the token names only the person.
    const own = [...new Set([...organizations.map((row) => row.ref), ...roles.map((row) => row.organization).filter((o): o is string => !!o)])];
    const actsFor = new Set([...practitionerRoles, ...own]);
    // Services an organisation provides (the low-threshold service) are worked by its people.
    const { rows: services } = await db.query<{ ref: string }>(
      `SELECT 'HealthcareService/' || id AS ref FROM fhir_healthcare_service WHERE sp_organization = ANY($1::text[])`,
      [own],
    );
    services.forEach((row) => actsFor.add(row.ref));

    if (principal.role === 'coordinator' || principal.role === 'system') {
      // The hospital side acts for its units (a system client for the whole hospital) and for everyone working there.
      const { rows } = await db.query<{ ref: string }>(
        `WITH RECURSIVE units(ref) AS (
           SELECT unnest($1::text[])
           UNION SELECT 'Organization/' || o.id FROM fhir_organization o JOIN units ON o.sp_partof = units.ref
         )
         SELECT ref FROM units
         UNION SELECT 'PractitionerRole/' || r.id FROM fhir_practitioner_role r WHERE r.sp_organization IN (SELECT ref FROM units)`,
        [own],
      );
      rows.forEach((row) => actsFor.add(row.ref));
    }
    const pharmacyHerIds = principal.role === 'system' ? await this.pharmacyHerIdsOf(own, db) : [];
    return { principal, practitionerRoles, organizations: own, actsFor, ...(pharmacyHerIds.length ? { pharmacyHerIds } : {}) };
  }

  /** The HER ids of those of the caller's organisations that are pharmacies (Organization.type urn:bro:organization-type|pharmacy). */
  private async pharmacyHerIdsOf(own: string[], db: SqlClient): Promise<string[]> {
    const herPrefix = `sv:${IdentifierSystem.Her}|`;
    const { rows } = await db.query<{ her: string }>(
      `SELECT DISTINCT substr(key, length($2) + 1) AS her FROM fhir_organization o, unnest(o.sp_identifier) AS key
        WHERE 'Organization/' || o.id = ANY($1::text[]) AND o.sp_type @> ARRAY[$3] AND starts_with(key, $2)`,
      [own, herPrefix, `sv:${ORGANIZATION_TYPE_SYSTEM}|${OrganizationTypeCode.Pharmacy}`],
    );
    return rows.map((row) => row.her);
  }
}
