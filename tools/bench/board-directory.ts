import { Pool } from 'pg';
import { IdentifierSystem, Resource } from '@app/fhir';
import { DEMO_IDENTITIES } from '../seed/bergen-directory';
import { ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode, PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from '../seed/directory-codes';
import { HospitalUnit, SimulationDirectory, personNumbersOf } from '../simulator/simulation-directory';

export interface NamedOrganization {
  reference: string;
  name: string;
}

/** What the board benchmark needs of the seeded Bergen directory: every board's organisation, who hands over and who receives. */
export interface BoardDirectory {
  hospitals: NamedOrganization[];
  /** Units of both hospitals: the requesters of the bulk-loaded Tasks. */
  hospitalUnits: string[];
  /** GP offices (each one board scope). */
  offices: NamedOrganization[];
  /** GPs at an office, but not the demo GPs (whose inboxes the demos and other benchmarks rely on). */
  gpRoles: string[];
  /** The simulator's view for its hand-over planner: Haukeland's units (the EHR hands over for those) and patients with a GP. */
  simulation: SimulationDirectory;
}

const PATIENT_POOL = 5_000;
const typed = (code: OrganizationTypeCode) => JSON.stringify([{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code }] }]);

/** Reads the directory straight from the tables: faster than FHIR search, and blind to the bulk loader's synthetic patients. */
export async function readBoardDirectory(databaseUrl: string): Promise<BoardDirectory> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const organizations = async (code: OrganizationTypeCode) =>
      (
        await pool.query<{ reference: string; name: string | null }>(
          `SELECT 'Organization/' || id AS reference, resource->>'name' AS name FROM fhir_organization WHERE resource->'type' @> $1::jsonb ORDER BY resource->>'name'`,
          [typed(code)],
        )
      ).rows.map((row) => ({ reference: row.reference, name: row.name ?? row.reference }));
    const hospitals = await organizations(OrganizationTypeCode.Hospital);
    // Not the benchmark's own probe offices: only its probes go there.
    const offices = (await organizations(OrganizationTypeCode.GpOffice)).filter((office) => !office.name.startsWith('Benchmark probe legesenter'));
    const { rows: units } = await pool.query<{ reference: string; name: string | null; hospital: string }>(
      `SELECT 'Organization/' || id AS reference, resource->>'name' AS name, sp_partof AS hospital FROM fhir_organization WHERE sp_partof = ANY($1::text[]) ORDER BY id`,
      [hospitals.map((h) => h.reference)],
    );
    const demoHpr = Object.values(DEMO_IDENTITIES.users).flatMap((user) => (user.hpr ? [`sv:${IdentifierSystem.Hpr}|${user.hpr}`] : []));
    const { rows: roles } = await pool.query<{ ref: string }>(
      `SELECT 'PractitionerRole/' || r.id AS ref FROM fhir_practitioner_role r
        WHERE r.sp_role && $1::text[] AND r.sp_organization IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM fhir_practitioner p WHERE r.sp_practitioner = 'Practitioner/' || p.id AND p.sp_identifier && $2::text[])
        ORDER BY r.id`,
      [[`sv:${PRACTITIONER_ROLE_CODE_SYSTEM}|${PractitionerRoleCode.Gp}`], demoHpr],
    );
    const { rows: patients } = await pool.query<{ resource: Resource }>(
      `SELECT resource FROM fhir_patient WHERE resource ? 'generalPractitioner' AND resource ? 'identifier' ORDER BY id LIMIT $1`,
      [PATIENT_POOL],
    );
    const { rows: numbers } = await pool.query<{ value: string }>(`SELECT value FROM fhir_identifier WHERE resource_type = 'Patient'`);
    const haukeland = hospitals.find((h) => h.name === DEMO_IDENTITIES.organizations.haukeland.name)?.reference;
    const haukelandUnits: HospitalUnit[] = units.filter((u) => u.hospital === haukeland).map((u) => ({ reference: u.reference, name: u.name ?? u.reference }));
    if (!haukelandUnits.length || !roles.length || !patients.length) throw new Error('the seeded directory lacks Haukeland units, GPs or patients with a GP');
    const listed = patients.map((row) => row.resource).filter((patient) => personNumbersOf(patient).length > 0);
    return {
      hospitals,
      hospitalUnits: units.map((u) => u.reference),
      offices,
      gpRoles: roles.map((r) => r.ref),
      simulation: {
        units: haukelandUnits,
        patients: listed,
        // The simulator sends a quarter of its discharges to the demo GPs' patients so that the two inboxes one can log
        // in to stay busy; here the load spreads over every GP, as the board's offices see it.
        demoGpPatients: [],
        demoGps: [],
        knownPersonNumbers: new Set([...numbers.map((n) => n.value), ...listed.flatMap(personNumbersOf)]),
      },
    };
  } finally {
    await pool.end();
  }
}
