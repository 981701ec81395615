import { Injectable } from '@nestjs/common';
import { DirectoryInvolvement } from '@app/fhir/api/directory-answers';
import { AccessPolicy } from '../../access/access-policy';
import { AuditEntry } from '../../audit/audit-trail.service';
import { DomainError } from '../../common/errors/domain-error';
import { Database } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { SqlParams } from '../../fhir/search/search-sql.builder';

/** Where each part in a patient's care is written, per type: the rows about the patient and the references in them. */
const SOURCES: Array<{ type: string; table: string; about: (patient: string, id: string) => string; parties: string }> = [
  {
    type: 'Patient',
    table: 'fhir_patient',
    about: (_patient, id) => `id = ${id}`,
    parties: `SELECT unnest(x.sp_general_practitioner), 'general-practitioner'`,
  },
  {
    type: 'Task',
    table: 'fhir_task',
    about: (patient) => `sp_subject = ${patient} AND sp_status IS DISTINCT FROM 'entered-in-error'`,
    parties: `VALUES (x.sp_requester, 'task-requester'), (x.sp_owner, 'task-owner')`,
  },
  {
    type: 'Encounter',
    table: 'fhir_encounter',
    about: (patient) => `sp_subject = ${patient} AND sp_status IS DISTINCT FROM 'entered-in-error'`,
    parties: `SELECT x.sp_service_provider, 'encounter-service-provider' UNION ALL SELECT unnest(x.sp_practitioner), 'encounter-participant'`,
  },
  {
    type: 'Appointment',
    table: 'fhir_appointment',
    about: (patient) => `sp_actor @> ARRAY[${patient}] AND sp_status IS DISTINCT FROM 'entered-in-error'`,
    parties: `SELECT unnest(x.sp_actor), 'appointment-participant'`,
  },
  {
    type: 'ServiceRequest',
    table: 'fhir_service_request',
    about: (patient) => `sp_subject = ${patient} AND sp_status IS DISTINCT FROM 'entered-in-error'`,
    parties: `SELECT x.sp_requester, 'service-request-requester' UNION ALL SELECT unnest(x.sp_performer), 'service-request-performer'`,
  },
  {
    type: 'EpisodeOfCare',
    table: 'fhir_episode_of_care',
    about: (patient) => `sp_patient = ${patient} AND sp_status IS DISTINCT FROM 'entered-in-error'`,
    parties: `VALUES (x.sp_organization, 'episode-managing-organization'), (x.sp_care_manager, 'episode-care-manager')`,
  },
];

/** The parties that can be directory entries (a Practitioner stands for their roles). */
const PARTY = `'^(Organization|PractitionerRole|HealthcareService|Practitioner)/'`;

export interface InvolvedParties {
  /** Party reference → its parts in the patient's care. */
  parties: Map<string, DirectoryInvolvement[]>;
  /** What was read to find them, for the audit trail. */
  sources: AuditEntry[];
}

/**
 * "For this patient": the units, services and people already involved in the care of a patient the caller
 * may see — through the patient's GP, Tasks, Encounters, Appointments, ServiceRequests and multidose
 * episodes — each source narrowed by the caller's access policy as a FHIR search would be (a unit does not
 * learn of a low-threshold case it takes no part in). A patient the caller may not see answers exactly as
 * one that does not exist (404), whatever their role. One statement for the parties; the Patient read and
 * every source row are audited.
 */
@Injectable()
export class InvolvedPartiesQuery {
  constructor(
    private readonly fhir: FhirService,
    private readonly database: Database,
  ) {}

  async of(caller: AccessPolicy, patientId: string): Promise<InvolvedParties> {
    const patient = `Patient/${patientId}`;
    try {
      await this.fhir.read('Patient', patientId, { actor: caller.principal });
    } catch (error) {
      // Not allowed to read patients at all, hidden, deleted or never there: one answer, so none tells them apart.
      if (error instanceof DomainError && [403, 404, 410].includes(error.status)) throw DomainError.notFound(`${patient} does not exist`);
      throw error;
    }
    // Under emergency access the named patient is open to this request's reads, as a FHIR search naming them.
    const access = caller.forEmergencyPatient(patient) ?? caller;
    const params = new SqlParams();
    const patientParam = `${params.add(patient)}::text`;
    const idParam = `${params.add(patientId)}::text`;
    const selects = SOURCES.filter((source) => access.may(source.type, 'search')).map(
      (source) => `SELECT '${source.type}' AS type, x.id, x.version_id, party.ref, party.how
         FROM "${source.table}" x CROSS JOIN LATERAL (${source.parties}) AS party(ref, how)
        WHERE x.id IN (SELECT id FROM "${source.table}" WHERE ${source.about(patientParam, idParam)} AND ${access.visibleSql(source.type, params)})
          AND party.ref ~ ${PARTY}`,
    );
    const parties = new Map<string, DirectoryInvolvement[]>();
    if (selects.length === 0) return { parties, sources: [] };
    const { rows } = await this.database.query<{ type: string; id: string; version_id: number; ref: string; how: DirectoryInvolvement }>(
      selects.join('\nUNION ALL\n'),
      params.values,
    );
    const sources = new Map<string, AuditEntry>();
    for (const row of rows) {
      const parts = parties.get(row.ref) ?? [];
      if (!parts.includes(row.how)) parts.push(row.how);
      parties.set(row.ref, parts);
      sources.set(`${row.type}/${row.id}`, {
        subtype: 'search-type',
        entity: { type: row.type, id: row.id, version: row.version_id },
        patient,
        query: `api/directory/search?patient=${patientId}`,
      });
    }
    return { parties, sources: [...sources.values()] };
  }
}
