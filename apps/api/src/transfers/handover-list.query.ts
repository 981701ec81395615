import { Injectable } from '@nestjs/common';
import {
  CONSULTATION_SERVICE_TYPE_SYSTEM,
  ConsultationServiceType,
  FINAL_STANDING,
  HANDOVER_TASK_STANDINGS,
  IdentifierSystem,
  OPEN_TASK_STATUSES,
  REVOLVING_DOOR_TASK_EXTENSION,
  TAKEN_ON_STATUSES,
} from '@app/fhir';
import { HandoverPage, HandoverSummary, HandoverTaskCounts, ReceivingGp } from '@app/fhir/api/api-answers';
import { AccessPolicy } from '../access/access-policy';
import { Database } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { SqlParams } from '../fhir/search/search-sql.builder';
import { FOLDED_SEPARATOR, foldForSearch } from '../fhir/search/string-folding';
import { QueryParams, queryText, readPaging, refuseUnknownParams } from '../http/query-params';
import { osloDate } from '../common/calendar/oslo-calendar';

const MAX_PAGE_SIZE = 100;
const MAX_SEARCH_WORDS = 4;
/** Longer than any name Bro stores in the search column's sense: a pasted page is refused, not scanned for. */
const MAX_SEARCH_LENGTH = 100;

export type { HandoverSummary };

/** Which hand-overs: a page of the caller's units' (optionally one patient's, found by name or number), or one by id. */
export type HandoverSelection = { search?: string; page: number; pageSize: number } | { id: string };

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * The column each task counts in (handover-task-standing.ts, the one place the rule is written), as SQL
 * over a `fhir_task` row `t`: final statuses first, then "nobody owns it", then taken on or not yet.
 */
const STANDING_SQL = `CASE ${Object.entries(FINAL_STANDING)
  .map(([status, standing]) => `WHEN t.sp_status = '${status}' THEN '${standing}'`)
  .join(' ')} WHEN t.sp_owner IS NULL THEN 'noGp' WHEN t.sp_status IN (${quoted(TAKEN_ON_STATUSES)}) THEN 'accepted' ELSE 'withGp' END`;

const AWAITING_HOSPITAL = `t.resource->'extension' @> '[{"url": "urn:bro:extension:contest-resolution", "valueCode": "awaiting-hospital"}]'`;

/** The LIKE pattern matching a name part that starts with `word` (as the FHIR `name` search does), on the trigram-indexed column. */
function nameStartsWith(word: string): string {
  return `%${FOLDED_SEPARATOR}${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

interface Row {
  id: string;
  created_at: Date;
  received_via: string;
  patient_id: string;
  patient_name: Array<{ given?: string[]; family?: string; text?: string }> | null;
  birth_date: string | null;
  encounter_id: string;
  requesting_unit: string | null;
  counts: HandoverTaskCounts;
  receiving_gps: ReceivingGp[];
  revolving_door_flag: string | null;
  total: string;
}

/**
 * A unit's hand-overs, newest first, each with how its tasks stand and who received them: one query per
 * page, whatever its length. A search by patient finds the patients by their indexes (the fødselsnummer or
 * D-nummer exactly, or every word of the name as the start of a name part) among those the caller's access
 * policy lets them see, then those patients' hand-overs of the caller's units.
 */
@Injectable()
export class HandoverListQuery {
  constructor(private readonly database: Database) {}

  async list(caller: AccessPolicy, query: QueryParams): Promise<HandoverPage> {
    refuseUnknownParams(query, ['page', 'pageSize', 'q']);
    const { page, pageSize } = readPaging(query, { fallback: 20, max: MAX_PAGE_SIZE });
    const search = queryText(query, 'q')?.trim();
    const rows = await this.select(caller, { search, page, pageSize });
    return { total: rows.length ? Number(rows[0].total) : 0, page, pageSize, handovers: await this.summaries(rows) };
  }

  /** One hand-over of the caller's units, or undefined (not theirs, or no such hand-over). */
  async one(caller: AccessPolicy, id: string): Promise<(HandoverSummary & { patient: { birthDate?: string } }) | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows = await this.select(caller, { id });
    const [summary] = await this.summaries(rows);
    return summary && { ...summary, patient: { ...summary.patient, ...(rows[0].birth_date ? { birthDate: rows[0].birth_date } : {}) } };
  }

  /** The task ids a hand-over of the caller's units handed over (its tasks, in the order they were sent). */
  async taskIdsOf(caller: AccessPolicy, id: string): Promise<string[]> {
    const { rows } = await this.database.query<{ task_ids: string[] }>(
      'SELECT task_ids FROM discharge_handover WHERE id = $1 AND requesting_unit = ANY($2::text[])',
      [id, [...caller.scope.actsFor]],
    );
    return rows[0]?.task_ids ?? [];
  }

  private async select(caller: AccessPolicy, selection: HandoverSelection): Promise<Row[]> {
    const params = new SqlParams();
    const where = [`h.requesting_unit = ANY(${params.add([...caller.scope.actsFor])}::text[])`];
    if ('id' in selection) where.push(`h.id = ${params.add(selection.id)}::uuid`);
    else if (selection.search) where.push(`h.patient_id IN (${this.patientsMatching(caller, selection.search, params)})`);
    const paging = 'id' in selection ? 'LIMIT 1' : `LIMIT ${params.add(selection.pageSize)} OFFSET ${params.add((selection.page - 1) * selection.pageSize)}`;
    const today = params.add(osloDate(new Date()));
    const counts = [
      `'total', count(*)`,
      ...HANDOVER_TASK_STANDINGS.map((standing) => `'${standing}', count(*) FILTER (WHERE s.standing = '${standing}')`),
      `'overdue', count(*) FILTER (WHERE s.open AND s.due_end <= ${today}::date)`,
      `'awaitingHospital', count(*) FILTER (WHERE s.awaiting)`,
    ];
    // The page first (the unit's index, or the patients' hand-overs), then only its rows meet their patient, tasks and GPs.
    const { rows } = await this.database.query<Row>(
      `WITH page AS (
         SELECT h.id, h.created_at, h.received_via, h.patient_id, h.encounter_id, h.requesting_unit, h.task_ids, count(*) OVER () AS total
           FROM discharge_handover h
          WHERE ${where.join(' AND ')}
          ORDER BY h.created_at DESC, h.id
          ${paging}
       )
       SELECT page.id, page.created_at, page.received_via, page.patient_id, page.encounter_id, page.requesting_unit, page.total,
              p.resource->'name' AS patient_name, p.resource->>'birthDate' AS birth_date,
              (SELECT json_build_object(${counts.join(', ')})
                 FROM (SELECT ${STANDING_SQL} AS standing, t.sp_status IN (${quoted(OPEN_TASK_STATUSES)}) AS open, t.sp_due_end AS due_end,
                              t.sp_status = 'rejected' AND ${AWAITING_HOSPITAL} AS awaiting
                         FROM fhir_task t WHERE t.id = ANY(page.task_ids)) s) AS counts,
              (SELECT coalesce(json_agg(json_build_object('reference', g.owner, 'name', g.name, 'office', g.office) ORDER BY g.owner), '[]'::json)
                 FROM (SELECT DISTINCT t.sp_owner AS owner,
                              coalesce(r.resource->'practitioner'->>'display', o.resource->>'name', t.resource->'owner'->>'display') AS name,
                              r.resource->'organization'->>'display' AS office
                         FROM fhir_task t
                         LEFT JOIN fhir_practitioner_role r ON t.sp_owner LIKE 'PractitionerRole/%' AND r.id = substr(t.sp_owner, 18)
                         LEFT JOIN fhir_organization o ON t.sp_owner LIKE 'Organization/%' AND o.id = substr(t.sp_owner, 14)
                        WHERE t.id = ANY(page.task_ids) AND t.sp_owner IS NOT NULL) g) AS receiving_gps,
              (SELECT min(mark->'valueReference'->>'reference') FROM fhir_task t, jsonb_array_elements(CASE WHEN jsonb_typeof(t.resource->'extension') = 'array' THEN t.resource->'extension' END) AS mark
                WHERE t.id = ANY(page.task_ids) AND mark->>'url' = ${params.add(REVOLVING_DOOR_TASK_EXTENSION)}) AS revolving_door_flag
         FROM page LEFT JOIN fhir_patient p ON p.id = page.patient_id
        ORDER BY page.created_at DESC, page.id`,
      params.values,
    );
    return rows;
  }

  /**
   * The ids of the patients a search names, among those the caller may see: an 11-digit number is a
   * fødselsnummer or D-nummer (the identifier's primary key); anything else is a name, every word the start
   * of one of the patient's name parts (the trigram index), so "kari nord" finds Kari Nordmann.
   */
  private patientsMatching(caller: AccessPolicy, search: string, params: SqlParams): string {
    const visible = caller.may('Patient', 'search') ? caller.visibleSql('Patient', params) : 'FALSE';
    const digits = search.replace(/\s/g, '');
    if (/^\d{11}$/.test(digits)) {
      return `SELECT p.id FROM fhir_patient p WHERE p.id IN (
                SELECT i.resource_id FROM fhir_identifier i
                 WHERE i.resource_type = 'Patient' AND i.system IN (${params.add(IdentifierSystem.Fodselsnummer)}, ${params.add(IdentifierSystem.DNummer)}) AND i.value = ${params.add(digits)})
                AND ${visible}`;
    }
    if (search.length > MAX_SEARCH_LENGTH) throw DomainError.badRequest(`q: at most ${MAX_SEARCH_LENGTH} characters`, 'q');
    if (/^\d+$/.test(digits)) throw DomainError.badRequest('q: a fødselsnummer or D-nummer has 11 digits; or search by name', 'q');
    const words = foldForSearch(search).split(' ').filter(Boolean);
    if (words.join('').length < 2) throw DomainError.badRequest('q: type at least two letters of the name, or the 11 digits of the fødselsnummer', 'q');
    if (words.length > MAX_SEARCH_WORDS) throw DomainError.badRequest(`q: at most ${MAX_SEARCH_WORDS} words of the name`, 'q');
    const names = words.map((word) => `p.sp_name_folded LIKE ${params.add(nameStartsWith(word))}::text`);
    return `SELECT p.id FROM fhir_patient p WHERE ${names.join(' AND ')} AND ${visible}`;
  }

  private async summaries(rows: Row[]): Promise<HandoverSummary[]> {
    const joint = await this.jointConsultations(rows.filter((row) => row.revolving_door_flag).map((row) => row.encounter_id));
    return rows.map((row) => {
      const name = row.patient_name?.[0];
      const fullName = name && (name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' '));
      return {
        id: row.id,
        receivedAt: row.created_at.toISOString(),
        receivedVia: row.received_via,
        patient: { id: row.patient_id, ...(fullName ? { name: fullName } : {}) },
        encounterId: row.encounter_id,
        requestingUnit: row.requesting_unit,
        ...(row.revolving_door_flag
          ? { revolvingDoor: { flag: row.revolving_door_flag, jointConsultation: joint.has(row.encounter_id), proposeJointConsultation: !joint.has(row.encounter_id) } }
          : {}),
        receivingGps: row.receiving_gps.map((gp) => ({ reference: gp.reference, ...(gp.name ? { name: gp.name } : {}), ...(gp.office ? { office: gp.office } : {}) })),
        tasks: row.counts,
      };
    });
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
