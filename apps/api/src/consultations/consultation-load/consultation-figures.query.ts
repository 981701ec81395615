import { Injectable } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { TaskCount } from '../../access/complementary-suppression';
import { SqlClient } from '../../database/sql-client';

/** How many weeks the panel looks back over, this one included: a quarter of a year. */
export const CONSULTATION_WEEKS = 12;

/** What became of a consultation, each in exactly one: the four add up to those proposed. */
export const OUTCOMES = ['awaiting', 'booked', 'held', 'declinedOrCancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type OutcomeCounts = { proposed: TaskCount } & Record<Outcome, TaskCount>;

export interface ConsultationFigures {
  weeks: Array<{ week: string; weekStart: string } & OutcomeCounts>;
  byUnit: Array<{ unit: string; name: string } & OutcomeCounts>;
}

/** Discharges and hand-over tasks of the same weeks, with and without a consultation about them. */
export interface CoverageFigures {
  discharges: TaskCount;
  dischargesWith: TaskCount;
  tasksWith: TaskCount;
  contestedWith: TaskCount;
  tasksWithout: TaskCount;
  contestedWithout: TaskCount;
}

type Row = Record<string, unknown>;

const OSLO = `'Europe/Oslo'`;

/** Fulfilled is held; cancelled, not attended or declined by someone required is off; booked or joined is booked; the rest waits. */
const OUTCOME_OF = `CASE WHEN l.status = 'fulfilled' THEN 'held'
                         WHEN l.status IN ('cancelled', 'noshow') THEN 'declinedOrCancelled'
                         WHEN l.status IN ('booked', 'arrived') THEN 'booked'
                         WHEN l.declined THEN 'declinedOrCancelled'
                         ELSE 'awaiting' END`;

/** A row counts on the municipality's board, its hospital's and its GP office's. */
const IN_SCOPE = `(s.kind = 'municipality' OR (s.kind = 'hospital' AND l.hospital = s.org) OR (s.kind = 'office' AND l.gp_office = s.org))`;

const SCOPES = `scopes AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS s(scope, kind, org))`;

function scopeParams(scopes: BoardScope[]): [string[], string[], Array<string | null>] {
  const parsed = scopes.map((scope) => parseBoardScope(scope) ?? { kind: 'municipality' as const, organization: undefined });
  return [scopes, parsed.map((scope) => scope.kind), parsed.map((scope) => scope.organization ?? null)];
}

const cell = (row: Row | undefined, name: string): TaskCount => ({ tasks: Number(row?.[name] ?? 0), patients: Number(row?.[`${name}_patients`] ?? 0) });
const counted = (name: string, when: string) => `count(*) FILTER (WHERE ${when}) AS "${name}", count(DISTINCT l.patient) FILTER (WHERE ${when}) AS "${name}_patients"`;

function outcomesOf(row: Row | undefined): OutcomeCounts {
  return { proposed: cell(row, 'proposed'), ...(Object.fromEntries(OUTCOMES.map((outcome) => [outcome, cell(row, outcome)])) as Record<Outcome, TaskCount>) };
}

/**
 * The consultation figures of many boards at once: one grouped pass over `consultation_load` gives
 * every board's weeks and units, one over `task_load` every board's coverage. Weeks are Europe/Oslo
 * calendar weeks of the day the consultation was first proposed.
 */
@Injectable()
export class ConsultationFiguresQuery {
  async weeks(client: SqlClient, now: Date): Promise<{ from: Date; weeks: Array<{ week: string; weekStart: string }> }> {
    const { rows } = await client.query<{ monday: string; week: string; from: Date }>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS monday, to_char(d, 'IYYY-"W"IW') AS week,
              (date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}) - make_interval(weeks => $2::int - 1)) AT TIME ZONE ${OSLO} AS "from"
         FROM generate_series(date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}) - make_interval(weeks => $2::int - 1),
                              date_trunc('week', $1::timestamptz AT TIME ZONE ${OSLO}), interval '1 week') AS d ORDER BY d`,
      [now, CONSULTATION_WEEKS],
    );
    return { from: new Date(rows[0].from), weeks: rows.map((row) => ({ week: row.week, weekStart: row.monday })) };
  }

  async consultations(client: SqlClient, scopes: BoardScope[], now: Date): Promise<Map<BoardScope, ConsultationFigures>> {
    const { from, weeks } = await this.weeks(client, now);
    const measures = [counted('proposed', 'TRUE'), ...OUTCOMES.map((outcome) => counted(outcome, `${OUTCOME_OF} = '${outcome}'`))].join(', ');
    const { rows } = await client.query<Row>(
      `WITH ${SCOPES}
       SELECT s.scope, to_char(date_trunc('week', l.proposed_at AT TIME ZONE ${OSLO}), 'YYYY-MM-DD') AS monday, l.hospital_unit,
              GROUPING(to_char(date_trunc('week', l.proposed_at AT TIME ZONE ${OSLO}), 'YYYY-MM-DD'), l.hospital_unit) AS grouping, ${measures}
         FROM consultation_load l JOIN scopes s ON ${IN_SCOPE}
        WHERE l.proposed_at >= $4 AND l.proposed_at <= $5 AND l.status <> 'entered-in-error'
        GROUP BY GROUPING SETS ((s.scope, to_char(date_trunc('week', l.proposed_at AT TIME ZONE ${OSLO}), 'YYYY-MM-DD')), (s.scope, l.hospital_unit))`,
      [...scopeParams(scopes), from, now],
    );
    const units = [...new Set(rows.filter((row) => Number(row.grouping) === 2 && row.hospital_unit).map((row) => String(row.hospital_unit)))];
    const names = await this.unitNames(client, units);
    return new Map(
      scopes.map((scope) => {
        const own = rows.filter((row) => row.scope === scope);
        return [
          scope,
          {
            weeks: weeks.map((week) => ({ ...week, ...outcomesOf(own.find((row) => Number(row.grouping) === 1 && row.monday === week.weekStart)) })),
            byUnit: own
              .filter((row) => Number(row.grouping) === 2 && row.hospital_unit)
              .map((row) => ({ unit: String(row.hospital_unit), name: names.get(String(row.hospital_unit)) ?? String(row.hospital_unit), ...outcomesOf(row) })),
          },
        ];
      }),
    );
  }

  /**
   * Over the same weeks, from `task_load`: the discharges (a hand-over's Encounter; a Task without one
   * is a discharge of its own) and their tasks, and whether a consultation (not entered in error) named
   * the task or its discharge.
   */
  async coverage(client: SqlClient, scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CoverageFigures>> {
    const { from } = await this.weeks(client, now);
    const { rows } = await client.query<Row>(
      `WITH ${SCOPES},
       handed AS (
         SELECT l.task_id, l.patient, l.hospital, l.gp_office, l.contested_at, COALESCE(t.sp_encounter, 'Task/' || l.task_id) AS discharge,
                EXISTS (SELECT 1 FROM consultation_load c
                         WHERE c.status <> 'entered-in-error' AND (c.tasks @> ARRAY[l.task_id] OR (t.sp_encounter IS NOT NULL AND c.encounter = t.sp_encounter))) AS covered
           FROM task_load l JOIN fhir_task t ON t.id = l.task_id
          WHERE l.transferred_at >= $4 AND l.transferred_at <= $5 AND l.status NOT IN ('draft', 'entered-in-error'))
       SELECT s.scope,
              count(DISTINCT l.discharge) AS discharges, count(DISTINCT l.patient) AS discharges_patients,
              count(DISTINCT l.discharge) FILTER (WHERE l.covered) AS "dischargesWith", count(DISTINCT l.patient) FILTER (WHERE l.covered) AS "dischargesWith_patients",
              ${counted('tasksWith', 'l.covered')}, ${counted('contestedWith', 'l.covered AND l.contested_at IS NOT NULL')},
              ${counted('tasksWithout', 'NOT l.covered')}, ${counted('contestedWithout', 'NOT l.covered AND l.contested_at IS NOT NULL')}
         FROM handed l JOIN scopes s ON ${IN_SCOPE}
        GROUP BY s.scope`,
      [...scopeParams(scopes), from, now],
    );
    return new Map(
      scopes.map((scope) => {
        const row = rows.find((candidate) => candidate.scope === scope);
        return [
          scope,
          {
            discharges: cell(row, 'discharges'),
            dischargesWith: cell(row, 'dischargesWith'),
            tasksWith: cell(row, 'tasksWith'),
            contestedWith: cell(row, 'contestedWith'),
            tasksWithout: cell(row, 'tasksWithout'),
            contestedWithout: cell(row, 'contestedWithout'),
          },
        ];
      }),
    );
  }

  private async unitNames(client: SqlClient, units: string[]): Promise<Map<string, string>> {
    if (units.length === 0) return new Map();
    const { rows } = await client.query<{ ref: string; name: string | null }>(
      `SELECT 'Organization/' || o.id AS ref, o.resource->>'name' AS name FROM fhir_organization o WHERE 'Organization/' || o.id = ANY($1::text[])`,
      [units],
    );
    return new Map(rows.filter((row) => row.name).map((row) => [row.ref, row.name!]));
  }
}
