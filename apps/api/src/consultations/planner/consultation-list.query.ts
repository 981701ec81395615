import { Injectable } from '@nestjs/common';
import { AppointmentResponseAnswer, CONSULTATION_SERVICE_TYPE_SYSTEM, ConsultationServiceType, REVOLVING_DOOR_FLAG_CODE, Resource, optionsProposedAt } from '@app/fhir';
import { ConsultationPage, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { QueryParams, queryText, readPaging, refuseUnknownParams } from '../../http/query-params';
import { patientOfConsultation, summarizeConsultation } from './consultation-summary';

/** `Flag.code` token of a revolving-door Flag (urn:bro:flag|revolving-door), as its column holds it. */
const REVOLVING_DOOR_FLAG_TOKEN = `sv:${REVOLVING_DOOR_FLAG_CODE.system}|${REVOLVING_DOOR_FLAG_CODE.code}`;

/** The lists of the planner (coordinator) and of the GP's invitations and calendar. */
export const CONSULTATION_LISTS = {
  coordinator: ['awaiting-answers', 'upcoming', 'to-record'],
  gp: ['invitations', 'upcoming'],
} as const;

export type ConsultationList = 'awaiting-answers' | 'upcoming' | 'to-record' | 'invitations';

const SERVICE_TYPE = JSON.stringify([{ coding: [{ system: CONSULTATION_SERVICE_TYPE_SYSTEM, code: ConsultationServiceType.JointDischargeConsultation }] }]);
/** When the consultation happens, or its first option while it is being planned: the lists' order. */
const WHEN = `coalesce((resource->>'start')::timestamptz, (resource->'requestedPeriod'->0->>'start')::timestamptz)`;

/**
 * Reads the consultation lists in four statements a page, whatever its length: the page (filtered by
 * the caller's access policy in SQL, with the total), the patients' names, the answers to show, and which
 * stays are revolving-door readmissions.
 */
@Injectable()
export class ConsultationListQuery {
  constructor(private readonly fhir: FhirService) {}

  async list(caller: AccessPolicy, query: QueryParams): Promise<ConsultationPage> {
    refuseUnknownParams(query, ['list', 'page', 'pageSize']);
    const lists: readonly string[] = caller.role === 'gp' ? CONSULTATION_LISTS.gp : CONSULTATION_LISTS.coordinator;
    const list = queryText(query, 'list');
    if (!list || !lists.includes(list)) throw DomainError.badRequest(`list is one of ${lists.join(', ')}`, 'list');
    const { page, pageSize } = readPaging(query, { fallback: 20, max: 100 });
    const params = new SqlParams();
    const refs = `${params.add([...caller.scope.actsFor])}::text[]`;
    // Bound only by the lists that compare with it: an unused parameter has no type PostgreSQL can tell.
    const now = () => `${params.add(new Date().toISOString())}::timestamptz`;
    const mine =
      caller.role === 'gp'
        ? `sp_actor && ${refs}`
        : `sp_planning_unit = ANY(${refs})`;
    const which: Record<ConsultationList, () => string> = {
      'awaiting-answers': () => `resource->>'status' IN ('proposed', 'pending')`,
      upcoming: () => `resource->>'status' IN ('booked', 'arrived') AND (resource->>'end')::timestamptz >= ${now()}`,
      'to-record': () => `resource->>'status' IN ('booked', 'arrived') AND (resource->>'end')::timestamptz < ${now()}`,
      invitations: () =>
        `resource->>'status' IN ('proposed', 'pending', 'booked') AND EXISTS (SELECT 1 FROM jsonb_array_elements(resource->'participant') AS p WHERE p->'actor'->>'reference' = ANY(${refs}) AND p->>'status' = 'needs-action')`,
    };
    const { rows } = await this.fhir.database.query<{ resource: Resource; total: number }>(
      `SELECT resource, count(*) OVER ()::int AS total FROM "${tableNameOf('Appointment')}"
        WHERE resource->'serviceType' @> ${params.add(SERVICE_TYPE)}::jsonb AND ${mine} AND ${which[list as ConsultationList]()} AND ${caller.visibleSql('Appointment', params)}
        ORDER BY ${WHEN}, id LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`,
      params.values,
    );
    return { total: rows[0]?.total ?? 0, page, pageSize, consultations: await this.summaries(caller, rows.map((row) => row.resource)) };
  }

  /** Consultations as the caller sees them, with their patients and the answers to read: two statements for all of them. */
  async summaries(caller: AccessPolicy, appointments: readonly Resource[]): Promise<ConsultationSummary[]> {
    if (appointments.length === 0) return [];
    const patientIds = [...new Set(appointments.map(patientOfConsultation).filter((reference): reference is string => reference !== undefined).map((reference) => reference.slice('Patient/'.length)))];
    const encounters = [...new Set(appointments.flatMap((appointment) => (Array.isArray(appointment.supportingInformation) ? appointment.supportingInformation : [])).map((link) => (link as { reference?: unknown } | null)?.reference).filter((reference): reference is string => typeof reference === 'string' && reference.startsWith('Encounter/')))];
    const [patients, responses, flags] = await Promise.all([
      this.fhir.database.query<{ id: string; name: string | null; birth_date: string | null }>(
        `SELECT id, concat_ws(' ', resource->'name'->0->'given'->>0, resource->'name'->0->>'family') AS name, resource->>'birthDate' AS birth_date
           FROM "${tableNameOf('Patient')}" WHERE id = ANY($1::text[])`,
        [patientIds],
      ),
      this.fhir.database.query<{ resource: AppointmentResponseAnswer }>(
        `SELECT resource FROM "${tableNameOf('AppointmentResponse')}" WHERE sp_appointment = ANY($1::text[]) ORDER BY last_updated, id`,
        [appointments.map((appointment) => `Appointment/${appointment.id}`)],
      ),
      // The stays that are revolving-door readmissions (an active Flag): the planner shows why this consultation matters.
      this.fhir.database.query<{ encounter: string; id: string }>(
        `SELECT sp_encounter AS encounter, id FROM "${tableNameOf('Flag')}" WHERE sp_encounter = ANY($1::text[]) AND sp_code @> ARRAY[$2] AND sp_status = 'active'`,
        [encounters, REVOLVING_DOOR_FLAG_TOKEN],
      ),
    ]);
    const flagByEncounter = new Map(flags.rows.map((row) => [row.encounter, `Flag/${row.id}`]));
    const patientById = new Map(patients.rows.map((row) => [row.id, { id: row.id, ...(row.name ? { name: row.name } : {}), ...(row.birth_date ? { birthDate: row.birth_date } : {}) }]));
    return appointments.map((appointment) => {
      const patient = patientOfConsultation(appointment)?.slice('Patient/'.length);
      // The latest answer per participant, among those given to the current options.
      const latest = new Map<string, AppointmentResponseAnswer>();
      const proposedAt = optionsProposedAt(appointment as { extension?: Array<{ url?: string; valueInstant?: string }> });
      for (const { resource } of responses.rows) {
        if (resource.appointment?.reference !== `Appointment/${appointment.id}`) continue;
        if (proposedAt && (resource.meta?.lastUpdated ?? '') < proposedAt) continue;
        latest.set(resource.actor?.reference ?? '', resource);
      }
      const summary = summarizeConsultation(appointment, { actsFor: caller.scope.actsFor, patient: patient ? patientById.get(patient) : undefined, responses: [...latest.values()] });
      const flag = summary.encounterId ? flagByEncounter.get(`Encounter/${summary.encounterId}`) : undefined;
      return flag ? { ...summary, revolvingDoor: { flag } } : summary;
    });
  }
}
