import { Injectable } from '@nestjs/common';
import { MultidoseState, OPEN_MULTIDOSE_UPDATE_STATUSES, Resource, multidoseModeOf, multidoseStateOf } from '@app/fhir';
import { MultidosePatientPage, MultidosePatientSummary } from '@app/fhir/multidose/multidose-patient-answers';
import { AccessPolicy } from '../../access/access-policy';
import { AuditEntry } from '../../audit/audit-trail.service';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { Database } from '../../database/sql-client';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { QueryParams, readPaging, refuseUnknownParams } from '../../http/query-params';
import { hasDeviation, lastCompleteListOf, patientNameOf, pharmacyOf, updateTaskSummary } from './multidose-episode-fields';

/** `EpisodeOfCare.type` and `Task.code` of multidose, as their token columns hold them. */
export const MULTIDOSE_EPISODE_TOKEN = 'sv:urn:bro:episode-type|multidose';
export const MULTIDOSE_UPDATE_TOKEN = 'sv:urn:bro:task-kind|multidose-update';

/** Audit entries for the episodes the caller was shown: each episode and its patient. */
export function multidosePatientsAudit(patients: readonly Pick<MultidosePatientSummary, 'episodeId' | 'episodeVersion' | 'patient'>[], subtype: 'read' | 'search-type', query?: string): AuditEntry[] {
  return patients.map((row) => ({
    subtype,
    entity: { type: 'EpisodeOfCare', id: row.episodeId, version: row.episodeVersion },
    patient: `Patient/${row.patient.id}`,
    ...(query ? { query } : {}),
  }));
}

interface Row {
  id: string;
  version_id: number;
  resource: Resource;
  patient_id: string | null;
  patient_name: unknown;
  birth_date: string | null;
  task: Resource | null;
  task_version: number | null;
  total: number;
}

/**
 * "Mine multidosepasienter": the open multidose episodes the GP is responsible for (`careManager` one of
 * their PractitionerRoles) or their office manages, pending changes first — change-pending, then an overdue
 * update Task in any other state (a change waiting while the patient is back in hospital) — then by the
 * patient's family and given name. One statement a page: the episodes (through the access policy's own
 * condition too), each one's oldest open update Task and its patient by key, the total beside them.
 */
@Injectable()
export class MultidosePatientListQuery {
  constructor(private readonly database: Database) {}

  async list(caller: AccessPolicy, query: QueryParams, now = new Date()): Promise<MultidosePatientPage> {
    refuseUnknownParams(query, ['page', 'pageSize']);
    const { page, pageSize } = readPaging(query, { fallback: 25, max: 100 });
    const roles = caller.role === 'gp' ? caller.scope.practitionerRoles : [];
    const offices = caller.role === 'gp' ? caller.scope.organizations : [];
    const today = osloDate(now);
    const params = new SqlParams();
    const visible = caller.visibleSql('EpisodeOfCare', params);
    const sql = `WITH mine AS (
        SELECT id, version_id, resource, sp_patient, sp_multidose_state
          FROM fhir_episode_of_care
         WHERE (sp_care_manager = ANY(${params.add(roles)}::text[]) OR sp_organization = ANY(${params.add(offices)}::text[]))
           AND sp_type @> ARRAY[${params.add(MULTIDOSE_EPISODE_TOKEN)}]
           AND sp_multidose_state IS DISTINCT FROM ${params.add(MultidoseState.Ended)}
           AND ${visible}
      ), ranked AS (
        SELECT mine.id, mine.version_id, mine.resource, upd.resource AS task, upd.version_id AS task_version,
               p.id AS patient_id, p.resource->'name' AS patient_name, p.resource->>'birthDate' AS birth_date,
               CASE WHEN mine.sp_multidose_state = ${params.add(MultidoseState.ChangePending)} THEN 0
                    WHEN upd.sp_due_end <= ${params.add(today)}::date THEN 1 ELSE 2 END AS rank,
               lower(coalesce(p.resource->'name'->0->>'family', p.resource->'name'->0->>'text', '')) AS family,
               lower(coalesce(p.resource->'name'->0->'given'->>0, '')) AS given
          FROM mine
          LEFT JOIN LATERAL (
            SELECT t.resource, t.version_id, t.sp_due_end FROM fhir_task t
             WHERE t.sp_focus = 'EpisodeOfCare/' || mine.id AND t.sp_code @> ARRAY[${params.add(MULTIDOSE_UPDATE_TOKEN)}]
               AND t.sp_status = ANY(${params.add(OPEN_MULTIDOSE_UPDATE_STATUSES)}::text[])
             ORDER BY t.sp_due_end ASC NULLS LAST, t.id LIMIT 1
          ) upd ON TRUE
          LEFT JOIN fhir_patient p ON mine.sp_patient LIKE 'Patient/%' AND p.id = substr(mine.sp_patient, 9)
      )
      SELECT ranked.*, count(*) OVER ()::int AS total FROM ranked
       ORDER BY rank, family, given, id
       LIMIT ${params.add(pageSize)} OFFSET ${params.add((page - 1) * pageSize)}`;
    const { rows } = await this.database.query<Row>(sql, params.values);
    const total = rows[0]?.total ?? (page === 1 ? 0 : await this.count(sql, params));
    return { total, page, pageSize, patients: rows.map((row) => this.summaryOf(row, today)) };
  }

  /** A page past the end has no rows to carry the total: the same statement's first page says it. */
  private async count(sql: string, params: SqlParams): Promise<number> {
    const values = [...params.values.slice(0, -2), 1, 0];
    const { rows } = await this.database.query<{ total: number }>(sql, values);
    return rows[0]?.total ?? 0;
  }

  private summaryOf(row: Row, today: string): MultidosePatientSummary {
    const episode = row.resource;
    const patientRef = typeof (episode.patient as { reference?: string } | undefined)?.reference === 'string' ? (episode.patient as { reference: string }).reference : '';
    const mode = multidoseModeOf(episode);
    const pharmacy = pharmacyOf(episode);
    const lastCompleteList = lastCompleteListOf(episode);
    return {
      episodeId: row.id,
      episodeVersion: row.version_id,
      patient: {
        id: row.patient_id ?? patientRef.replace(/^Patient\//, ''),
        ...(patientNameOf(row.patient_name) ? { name: patientNameOf(row.patient_name) } : {}),
        ...(row.birth_date ? { birthDate: row.birth_date } : {}),
      },
      state: multidoseStateOf(episode) ?? MultidoseState.Candidate,
      ...(mode ? { mode } : {}),
      ...(pharmacy ? { pharmacy } : {}),
      ...(row.task && row.task_version !== null ? { update: updateTaskSummary(row.task, today, row.task_version) } : {}),
      ...(lastCompleteList ? { lastCompleteList } : {}),
      deviation: hasDeviation(episode),
    };
  }
}
