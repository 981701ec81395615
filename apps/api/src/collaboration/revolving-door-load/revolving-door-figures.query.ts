import { Injectable } from '@nestjs/common';
import { REVOLVING_DOOR } from '@app/fhir';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { TaskCount } from '../../access/complementary-suppression';
import { addDays, osloDate, weekdayOf } from '../../common/calendar/oslo-calendar';
import { SqlClient } from '../../database/sql-client';

/** Weeks the quality figures look back over by default (this one included), and at most. */
export const REVOLVING_DOOR_WEEKS = 12;
export const MAX_REVOLVING_DOOR_WEEKS = 104;
/** Weeks of the board's trend. */
export const BOARD_TREND_WEEKS = 8;

type Row = Record<string, unknown>;

const SCOPES = `scopes AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS s(scope, kind, org))`;

/** An index stay counts on the municipality's board, its hospital's (or its unit's, as a hospital board of its own) and its patient's GP office's. */
const IN_SCOPE = `(s.kind = 'municipality' OR (s.kind = 'hospital' AND (f.hospital = s.org OR f.unit = s.org)) OR (s.kind = 'office' AND f.office = s.org))`;

/** A readmission (`r`) a joint consultation (not called off) was proposed or held for: an Appointment naming the stay (GIN index on supporting-info). */
const HAS_JOINT = `(r.readmission_id IS NOT NULL AND EXISTS (
  SELECT 1 FROM fhir_appointment a
   WHERE a.sp_supporting_info @> ARRAY['Encounter/' || r.readmission_id]
     AND a.sp_service_type @> ARRAY['sv:urn:bro:consultation-service-type|joint-discharge-consultation']
     AND a.sp_status NOT IN ('cancelled', 'entered-in-error', 'noshow')))`;

function scopeParams(scopes: BoardScope[]): [string[], string[], Array<string | null>] {
  const parsed = scopes.map((scope) => parseBoardScope(scope) ?? { kind: 'municipality' as const, organization: undefined });
  return [scopes, parsed.map((scope) => scope.kind), parsed.map((scope) => scope.organization ?? null)];
}

const counted = (name: string, when: string) =>
  `count(*) FILTER (WHERE ${when}) AS "${name}", count(DISTINCT f.patient) FILTER (WHERE ${when}) AS "${name}_patients"`;
const patientsCounted = (name: string, when: string) =>
  `count(DISTINCT f.patient) FILTER (WHERE ${when}) AS "${name}", count(DISTINCT f.patient) FILTER (WHERE ${when}) AS "${name}_patients"`;
const cell = (row: Row | undefined, name: string): TaskCount => ({ tasks: Number(row?.[name] ?? 0), patients: Number(row?.[`${name}_patients`] ?? 0) });

/** The ISO week (YYYY-Www) of a Monday. */
function isoWeekOf(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  return `${year}-W${String(Math.floor((dayOfYear - 1) / 7) + 1).padStart(2, '0')}`;
}

/** Midnight in Oslo at the start of a day, as an instant. */
function osloMidnight(day: string): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(guess.getTime() - offsetHours * 3_600_000);
    if (osloDate(candidate) === day && osloDate(new Date(candidate.getTime() - 1)) !== day) return candidate;
  }
  return guess;
}

export interface RevolvingDoorCalendar {
  today: string;
  weeks: Array<{ week: string; weekStart: string; complete: boolean }>;
  /** The first Monday's start in Oslo. */
  from: Date;
  /** 30 days before now: the board's recent window. */
  recentFrom: Date;
}

export function revolvingDoorCalendar(now: Date, weeks: number): RevolvingDoorCalendar {
  const today = osloDate(now);
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const mondays = Array.from({ length: weeks }, (_, index) => addDays(monday, -7 * (weeks - 1 - index)));
  return {
    today,
    // A week is complete once its last discharge's 30 days have run out.
    weeks: mondays.map((weekStart) => ({ week: isoWeekOf(weekStart), weekStart, complete: osloMidnight(addDays(weekStart, 7)).getTime() + REVOLVING_DOOR.latestMs <= now.getTime() })),
    from: osloMidnight(mondays[0]),
    recentFrom: new Date(now.getTime() - 30 * 86_400_000),
  };
}

/** Index stays (discharges of patients 67+) and how many were followed by an acute readmission. */
export interface ReadmissionCountsRaw {
  discharges: TaskCount;
  readmitted: TaskCount;
}

/** Revolving-door patients (by readmission), with a joint consultation for the readmission or without. */
export interface PatientCountsRaw {
  total: TaskCount;
  withJoint: TaskCount;
  withoutJoint: TaskCount;
}

export interface RevolvingDoorFiguresRaw {
  calendar: RevolvingDoorCalendar;
  totals: ReadmissionCountsRaw;
  /** Index stays discharged in the last 30 days, and the patients readmitted in them. */
  recent: ReadmissionCountsRaw;
  recentPatients: PatientCountsRaw;
  /** Patients readmitted within the period. */
  patients: PatientCountsRaw;
  weeks: Array<{ week: string; weekStart: string; complete: boolean } & ReadmissionCountsRaw>;
  byUnit: Array<{ unit: string; name: string } & ReadmissionCountsRaw>;
}

const readmissionsOf = (row: Row | undefined, prefix = ''): ReadmissionCountsRaw => ({ discharges: cell(row, `${prefix}discharges`), readmitted: cell(row, `${prefix}readmitted`) });

function patientsOf(row: Row | undefined, prefix: string): PatientCountsRaw {
  const total = cell(row, `${prefix}patients`);
  const withJoint = cell(row, `${prefix}with_joint`);
  // "Without" is the rest of the same patients: a patient counts with a joint consultation if any of their readmissions had one.
  const without = total.tasks - withJoint.tasks;
  return { total, withJoint, withoutJoint: { tasks: without, patients: without } };
}

/**
 * The revolving-door figures of many boards at once, from `revolving_door_stay` (kept by the revolving-door
 * check in each Encounter write's transaction) and the joint consultations proposed for readmissions: one
 * grouped pass gives the totals, the weeks (by the index stay's discharge, Europe/Oslo) and the hospital units.
 */
@Injectable()
export class RevolvingDoorFiguresQuery {
  async figures(client: SqlClient, scopes: BoardScope[], now: Date, weeks: number): Promise<Map<BoardScope, RevolvingDoorFiguresRaw>> {
    const calendar = revolvingDoorCalendar(now, weeks);
    const inPeriod = `f.discharged_at >= $4::timestamptz`;
    const recent = `f.discharged_at >= $6::timestamptz`;
    const readmitted = `f.readmission_id IS NOT NULL`;
    const readmittedInPeriod = `f.readmitted_at >= $4::timestamptz AND f.readmitted_at <= $5::timestamptz`;
    const readmittedRecently = `f.readmitted_at >= $6::timestamptz AND f.readmitted_at <= $5::timestamptz`;
    const monday = `to_char(date_trunc('week', f.discharged_at AT TIME ZONE 'Europe/Oslo'), 'YYYY-MM-DD')`;
    const { rows } = await client.query<Row>(
      `WITH ${SCOPES},
       facts AS (
         SELECT r.*, ${HAS_JOINT} AS has_joint
           FROM revolving_door_stay r
          WHERE (r.discharged_at >= LEAST($4::timestamptz, $6::timestamptz) AND r.discharged_at <= $5::timestamptz)
             OR (r.readmitted_at >= LEAST($4::timestamptz, $6::timestamptz) AND r.readmitted_at <= $5::timestamptz))
       SELECT s.scope, ${monday} AS monday, f.unit, GROUPING(${monday}, f.unit) AS grouping,
              ${counted('discharges', inPeriod)}, ${counted('readmitted', `${inPeriod} AND ${readmitted}`)},
              ${counted('recent_discharges', recent)}, ${counted('recent_readmitted', `${recent} AND ${readmitted}`)},
              ${patientsCounted('patients', readmittedInPeriod)}, ${patientsCounted('with_joint', `${readmittedInPeriod} AND f.has_joint`)},
              ${patientsCounted('recent_patients', readmittedRecently)}, ${patientsCounted('recent_with_joint', `${readmittedRecently} AND f.has_joint`)}
         FROM facts f JOIN scopes s ON ${IN_SCOPE}
        GROUP BY GROUPING SETS ((s.scope), (s.scope, ${monday}), (s.scope, f.unit))`,
      [...scopeParams(scopes), calendar.from, now, calendar.recentFrom],
    );
    // GROUPING bits: monday 2, unit 1 (a bit set: not grouped by it).
    const TOTAL = 3;
    const BY_WEEK = 1;
    const BY_UNIT = 2;
    const units = [...new Set(rows.filter((row) => Number(row.grouping) === BY_UNIT && row.unit).map((row) => String(row.unit)))];
    const names = await unitNames(client, units);
    return new Map(
      scopes.map((scope) => {
        const own = rows.filter((row) => row.scope === scope);
        const total = own.find((row) => Number(row.grouping) === TOTAL);
        return [
          scope,
          {
            calendar,
            totals: readmissionsOf(total),
            recent: readmissionsOf(total, 'recent_'),
            recentPatients: patientsOf(total, 'recent_'),
            patients: patientsOf(total, ''),
            weeks: calendar.weeks.map((week) => ({ ...week, ...readmissionsOf(own.find((row) => Number(row.grouping) === BY_WEEK && row.monday === week.weekStart)) })),
            byUnit: own
              .filter((row) => Number(row.grouping) === BY_UNIT && row.unit && Number(row.discharges) > 0)
              .map((row) => ({ unit: String(row.unit), name: names.get(String(row.unit)) ?? String(row.unit), ...readmissionsOf(row) })),
          },
        ];
      }),
    );
  }

  /** The boards a batch of changed Appointments moves: those of the index stays whose readmission the Appointments name. */
  async boardsOfAppointments(client: SqlClient, appointmentIds: string[]): Promise<BoardScope[]> {
    if (appointmentIds.length === 0) return [];
    const { rows } = await client.query<{ hospital: string | null; office: string | null }>(
      `SELECT DISTINCT r.hospital, r.office FROM revolving_door_stay r
        WHERE r.readmission_id IN (SELECT substr(ref, 11) FROM fhir_appointment a, unnest(a.sp_supporting_info) AS ref WHERE a.id = ANY($1::text[]) AND ref LIKE 'Encounter/%')`,
      [appointmentIds],
    );
    if (rows.length === 0) return [];
    const scopes = new Set<BoardScope>(['municipality']);
    for (const row of rows) {
      if (row.hospital) scopes.add(`hospital:${row.hospital}` as BoardScope);
      if (row.office) scopes.add(`office:${row.office}` as BoardScope);
    }
    return [...scopes];
  }
}

async function unitNames(client: SqlClient, units: string[]): Promise<Map<string, string>> {
  if (units.length === 0) return new Map();
  const { rows } = await client.query<{ ref: string; name: string | null }>(`SELECT 'Organization/' || o.id AS ref, o.resource->>'name' AS name FROM fhir_organization o WHERE o.id = ANY($1::text[])`, [
    units.filter((unit) => unit.startsWith('Organization/')).map((unit) => unit.slice('Organization/'.length)),
  ]);
  return new Map(rows.filter((row) => row.name).map((row) => [row.ref, row.name!]));
}
