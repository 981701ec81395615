import { Injectable } from '@nestjs/common';
import { MultidoseState, OPEN_MULTIDOSE_UPDATE_STATUSES, Resource, multidoseModeOf, multidoseStateOf } from '@app/fhir';
import { MultidoseBadges } from '@app/fhir/multidose/multidose-patient-answers';
import { AccessPolicy } from '../../access/access-policy';
import { AuditEntry } from '../../audit/audit-trail.service';
import { DomainError } from '../../common/errors/domain-error';
import { Database } from '../../database/sql-client';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { QueryParams, refuseUnknownParams } from '../../http/query-params';
import { MULTIDOSE_EPISODE_TOKEN, MULTIDOSE_UPDATE_TOKEN } from './multidose-patient-list.query';

/** As many patients as one page of the inbox (200) or of the hand-over list shows. */
export const MAX_BADGE_PATIENTS = 200;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The patient ids asked for: `patient` once or repeated (or comma-separated), each a Patient id; 400 otherwise. */
export function badgePatientsOf(query: QueryParams): string[] {
  refuseUnknownParams(query, ['patient']);
  const given = query.patient;
  const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
  if (values.some((value) => typeof value !== 'string')) throw DomainError.badRequest('patient is a Patient id, given once per patient', 'patient');
  const ids = [...new Set((values as string[]).flatMap((value) => value.split(',')).map((value) => value.trim().replace(/^Patient\//, '')).filter(Boolean))];
  if (ids.length === 0) throw DomainError.badRequest('name at least one patient: ?patient=<id>&patient=<id>…', 'patient');
  if (ids.length > MAX_BADGE_PATIENTS) throw DomainError.badRequest(`at most ${MAX_BADGE_PATIENTS} patients at a time`, 'patient');
  const bad = ids.find((id) => !ID.test(id));
  if (bad) throw DomainError.badRequest(`"${bad.slice(0, 80)}" is not a Patient id`, 'patient');
  return ids;
}

/** Audit entries for the badges shown: each episode and its patient. */
export function badgesAudit(answer: MultidoseBadges): AuditEntry[] {
  return Object.entries(answer.badges).map(([patientId, badge]) => ({
    subtype: 'search-type' as const,
    entity: { type: 'EpisodeOfCare', id: badge.episodeId, version: badge.episodeVersion },
    patient: `Patient/${patientId}`,
    query: 'api/multidose/badges',
  }));
}

/**
 * A multidose badge for many patients at once (the inbox's page, the hand-over list's page): one statement,
 * the open episodes of those patients that the caller's access policy lets them see (a coordinator only
 * while the patient is in one of the unit's beds), with whether an update Task is still open. Patients
 * without a visible open episode are simply absent.
 */
@Injectable()
export class MultidoseBadgesQuery {
  constructor(private readonly database: Database) {}

  async badges(caller: AccessPolicy, patientIds: string[]): Promise<MultidoseBadges> {
    const params = new SqlParams();
    const patients = params.add(patientIds.map((id) => `Patient/${id}`));
    const visible = caller.visibleSql('EpisodeOfCare', params);
    const { rows } = await this.database.query<{ id: string; version_id: number; sp_patient: string; resource: Resource; open_update: boolean }>(
      `SELECT id, version_id, sp_patient, resource,
              EXISTS (SELECT 1 FROM fhir_task t WHERE t.sp_focus = 'EpisodeOfCare/' || fhir_episode_of_care.id
                         AND t.sp_code @> ARRAY[${params.add(MULTIDOSE_UPDATE_TOKEN)}] AND t.sp_status = ANY(${params.add(OPEN_MULTIDOSE_UPDATE_STATUSES)}::text[])) AS open_update
         FROM fhir_episode_of_care
        WHERE sp_patient = ANY(${patients}::text[])
          AND sp_type @> ARRAY[${params.add(MULTIDOSE_EPISODE_TOKEN)}]
          AND sp_multidose_state IS DISTINCT FROM ${params.add(MultidoseState.Ended)}
          AND ${visible}`,
      params.values,
    );
    const badges: MultidoseBadges['badges'] = {};
    for (const row of rows) {
      const state = multidoseStateOf(row.resource) ?? MultidoseState.Candidate;
      const mode = multidoseModeOf(row.resource);
      badges[row.sp_patient.replace(/^Patient\//, '')] = {
        episodeId: row.id,
        episodeVersion: row.version_id,
        state,
        ...(mode ? { mode } : {}),
        pendingChange: state === MultidoseState.ChangePending || row.open_update,
      };
    }
    return { badges };
  }
}
