import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { SqlClient } from '../database/sql-client';
import { referenceOf } from './task-fields';

/** Who a transferred task goes to when the hospital names no owner. */
export type DefaultOwner =
  | { kind: 'gp'; reference: string }
  | { kind: 'office'; reference: string }
  | { kind: 'unassigned' };

interface RoleRow {
  ref: string;
  organization: string | null;
  active: boolean;
}

/**
 * Finds the owner of a transferred task from the patient's registered GP (Patient.generalPractitioner):
 * the GP's PractitionerRole; the GP office's shared list when the patient is listed only with the office
 * or the GP's role is no longer active; otherwise the unassigned queue the board shows.
 */
@Injectable()
export class TaskOwnerResolver {
  async defaultOwner(client: SqlClient, patient: Resource): Promise<DefaultOwner> {
    const references = (Array.isArray(patient.generalPractitioner) ? patient.generalPractitioner : [])
      .map(referenceOf)
      .filter((r): r is string => r !== undefined);
    if (references.length === 0) return { kind: 'unassigned' };

    const roles = references.filter((r) => r.startsWith('PractitionerRole/')).map((r) => r.slice('PractitionerRole/'.length));
    const practitioners = references.filter((r) => r.startsWith('Practitioner/'));
    const { rows } = await client.query<RoleRow>(
      `SELECT 'PractitionerRole/' || id AS ref, sp_organization AS organization, COALESCE((resource->>'active')::boolean, true) AS active
         FROM fhir_practitioner_role WHERE id = ANY($1::text[]) OR sp_practitioner = ANY($2::text[])
        ORDER BY COALESCE((resource->>'active')::boolean, true) DESC, id`,
      [roles, practitioners],
    );
    const active = rows.find((row) => row.active);
    if (active) return { kind: 'gp', reference: active.ref };
    const office = references.find((r) => r.startsWith('Organization/')) ?? rows.find((row) => row.organization)?.organization ?? undefined;
    if (office) return { kind: 'office', reference: office };
    return { kind: 'unassigned' };
  }

  /** The patient as Bro knows it (by fødselsnummer/D-nummer), if already stored. */
  async storedPatient(client: SqlClient, identifier: string): Promise<Resource | undefined> {
    const bar = identifier.indexOf('|');
    const { rows } = await client.query<{ resource: Resource }>(
      `SELECT p.resource FROM fhir_identifier i JOIN fhir_patient p ON p.id = i.resource_id
        WHERE i.resource_type = 'Patient' AND i.system = $1 AND i.value = $2`,
      [identifier.slice(0, bar), identifier.slice(bar + 1)],
    );
    return rows[0]?.resource;
  }
}
