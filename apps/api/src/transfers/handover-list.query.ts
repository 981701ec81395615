import { Injectable } from '@nestjs/common';
import { CONSULTATION_SERVICE_TYPE_SYSTEM, ConsultationServiceType, REVOLVING_DOOR_TASK_EXTENSION } from '@app/fhir';
import { HandoverPage, HandoverSummary } from '@app/fhir/api/api-answers';
import { ActorScope } from '../directory/actor-scope';
import { Database } from '../database/sql-client';
import { QueryParams, readPaging, refuseUnknownParams } from '../http/query-params';
import { osloDate } from '../common/calendar/oslo-calendar';

const MAX_PAGE_SIZE = 100;

export type { HandoverSummary };

/** A unit's hand-overs, newest first, each with how its tasks stand: one query per page. */
@Injectable()
export class HandoverListQuery {
  constructor(private readonly database: Database) {}

  async list(scope: ActorScope, query: QueryParams): Promise<HandoverPage> {
    refuseUnknownParams(query, ['page', 'pageSize']);
    const { page, pageSize } = readPaging(query, { fallback: 20, max: MAX_PAGE_SIZE });
    const { rows } = await this.database.query<{
      id: string;
      created_at: Date;
      received_via: string;
      patient_id: string;
      patient_name: Array<{ given?: string[]; family?: string }> | null;
      encounter_id: string;
      requesting_unit: string | null;
      counts: HandoverSummary['tasks'];
      revolving_door_flag: string | null;
      total: string;
    }>(
      `SELECT h.id, h.created_at, h.received_via, h.patient_id, p.resource->'name' AS patient_name, h.encounter_id, h.requesting_unit,
              (SELECT json_build_object(
                 'total', count(*),
                 'open', count(*) FILTER (WHERE t.sp_status IN ('requested', 'received', 'accepted', 'in-progress', 'on-hold')),
                 'accepted', count(*) FILTER (WHERE t.sp_status IN ('accepted', 'in-progress', 'on-hold', 'completed')),
                 'contested', count(*) FILTER (WHERE t.sp_status = 'rejected'),
                 'awaitingHospital', count(*) FILTER (WHERE t.sp_status = 'rejected' AND t.resource->'extension' @> '[{"url": "urn:bro:extension:contest-resolution", "valueCode": "awaiting-hospital"}]'),
                 'completed', count(*) FILTER (WHERE t.sp_status = 'completed'),
                 'overdue', count(*) FILTER (WHERE t.sp_status IN ('requested', 'received', 'accepted', 'in-progress', 'on-hold') AND t.sp_due_end <= $4::date))
               FROM fhir_task t WHERE t.id = ANY(h.task_ids)) AS counts,
              (SELECT min(mark->'valueReference'->>'reference') FROM fhir_task t, jsonb_array_elements(CASE WHEN jsonb_typeof(t.resource->'extension') = 'array' THEN t.resource->'extension' END) AS mark
                WHERE t.id = ANY(h.task_ids) AND mark->>'url' = $5) AS revolving_door_flag,
              count(*) OVER () AS total
         FROM discharge_handover h LEFT JOIN fhir_patient p ON p.id = h.patient_id
        WHERE h.requesting_unit = ANY($1::text[])
        ORDER BY h.created_at DESC, h.id
        LIMIT $2 OFFSET $3`,
      [[...scope.actsFor], pageSize, (page - 1) * pageSize, osloDate(new Date()), REVOLVING_DOOR_TASK_EXTENSION],
    );
    const joint = await this.jointConsultations(rows.filter((row) => row.revolving_door_flag).map((row) => row.encounter_id));
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      page,
      pageSize,
      handovers: rows.map((row) => {
        const name = row.patient_name?.[0];
        return {
          id: row.id,
          receivedAt: row.created_at.toISOString(),
          receivedVia: row.received_via,
          patient: { id: row.patient_id, ...(name ? { name: [...(name.given ?? []), name.family].filter(Boolean).join(' ') } : {}) },
          encounterId: row.encounter_id,
          requestingUnit: row.requesting_unit,
          ...(row.revolving_door_flag
            ? { revolvingDoor: { flag: row.revolving_door_flag, jointConsultation: joint.has(row.encounter_id), proposeJointConsultation: !joint.has(row.encounter_id) } }
            : {}),
          tasks: row.counts,
        };
      }),
    };
  }

  /**
   * The stays (of a page's revolving-door hand-overs) a joint consultation is proposed, booked or held for: once
   * there is one, the coordinator is no longer prompted. Only asked for the few flagged stays of the page.
   */
  private async jointConsultations(encounterIds: string[]): Promise<Set<string>> {
    if (encounterIds.length === 0) return new Set();
    const { rows } = await this.database.query<{ encounter_id: string }>(
      `SELECT DISTINCT substr(ref, 11) AS encounter_id FROM fhir_appointment a, unnest(a.sp_supporting_info) AS ref
        WHERE a.sp_supporting_info && $1::text[] AND a.sp_service_type @> ARRAY[$2] AND a.sp_status NOT IN ('cancelled', 'entered-in-error', 'noshow') AND ref = ANY($1::text[])`,
      [encounterIds.map((id) => `Encounter/${id}`), `sv:${CONSULTATION_SERVICE_TYPE_SYSTEM}|${ConsultationServiceType.JointDischargeConsultation}`],
    );
    return new Set(rows.map((row) => row.encounter_id));
  }
}
