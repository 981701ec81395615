import { Injectable } from '@nestjs/common';
import { TASK_CATEGORIES, TASK_CATEGORY_CODES, UNASSIGNED_GROUP, isTaskCategoryCode } from '@app/fhir';
import { QualityBreakdownRow, QualityFilterOptions, QualityReport, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { OrganizationNames, organizationTypeJson } from '../../directory/organization-names';
import { Disclosure, SameTasks, TaskCount } from '../../access/complementary-suppression';
import { addDays, osloDate } from '../../common/calendar/oslo-calendar';
import { Database } from '../../database/sql-client';
import { DomainError } from '../../common/errors/domain-error';
import { QueryParams, queryText, refuseUnknownParams } from '../../http/query-params';
import { TREND_WEEKS } from '../task-load/discharge-board-panel.provider';
import { GroupRow, TaskLoadQuery, WeekRow, osloDayStarts } from '../task-load/task-load.query';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REFERENCE = /^Organization\/[A-Za-z0-9\-.]{1,64}$/;
/** Longer periods are a report for the statistics office, not a dashboard. */
const MAX_DAYS = 3 * 366;

/** Task transfer was not measured before this; the floor also keeps years PostgreSQL cannot hold (0000) out. */
const EARLIEST_YEAR = 2000;

function isCalendarDate(value: string): boolean {
  return DATE.test(value) && Number(value.slice(0, 4)) >= EARLIEST_YEAR && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** The dashboard's filters from a query string: 400 with the field named for anything malformed. */
export function parseQualityFilters(query: QueryParams, today = osloDate(new Date())): QualityReport['filters'] {
  refuseUnknownParams(query, ['from', 'to', 'unit', 'category', 'office']);
  const text = (name: string) => queryText(query, name);
  const date = (name: string, value: string) => {
    if (!isCalendarDate(value)) throw DomainError.badRequest(`${name} is a date (YYYY-MM-DD), got "${value}"`, name);
    return value;
  };
  const to = date('to', text('to') ?? today);
  // The default period: the last twelve weeks, this one included.
  const from = date('from', text('from') ?? addDays(to, -(TREND_WEEKS * 7 - 1)));
  if (from > to) throw DomainError.badRequest(`from (${from}) is after to (${to})`, 'from');
  if (addDays(from, MAX_DAYS) < to) throw DomainError.badRequest(`a period is at most ${MAX_DAYS} days`, 'from');
  const filters: QualityReport['filters'] = { from, to };
  for (const name of ['unit', 'office'] as const) {
    const value = text(name);
    if (value === undefined) continue;
    if (!REFERENCE.test(value)) throw DomainError.badRequest(`${name} is an organisation reference (Organization/<id>)`, name);
    filters[name] = value;
  }
  const category = text('category');
  if (category !== undefined) {
    if (!isTaskCategoryCode(category)) throw DomainError.badRequest(`category is one of ${TASK_CATEGORY_CODES.join(', ')}`, 'category');
    filters.category = category;
  }
  return filters;
}

function breakdown(rows: GroupRow[], labels: Map<string, string>, disclosure: Disclosure): QualityBreakdownRow[] {
  return disclosure
    .ranked(rows, (row) => row.transferred, (row) => row.key)
    .map((row) => ({ key: row.key, label: labels.get(row.key) ?? row.key, transferred: disclosure.show(row.transferred), contested: disclosure.show(row.contested) }));
}

const LIFECYCLE = ['transferred', 'contested', 'accepted', 'completed'] as const;

/**
 * The report's cells that count the same tasks: each total is the sum of its weeks; the handed-over
 * and contested totals also of their categories, units and offices; the contested total of its reasons.
 */
function sameTasks(totals: Record<(typeof LIFECYCLE)[number], TaskCount>, weeks: WeekRow[], breakdowns: GroupRow[][], reasons: Array<{ count: TaskCount }>): SameTasks[] {
  return [
    ...LIFECYCLE.map((measure) => ({ whole: [totals[measure]], parts: weeks.map((week) => week[measure]) })),
    ...breakdowns.flatMap((rows) => [
      { whole: [totals.transferred], parts: rows.map((row) => row.transferred) },
      { whole: [totals.contested], parts: rows.map((row) => row.contested) },
    ]),
    { whole: [totals.contested], parts: reasons.map((reason) => reason.count) },
  ];
}

/**
 * The quality team's dashboard: hand-overs in a period by week, category, hospital unit and GP
 * office, the contested reasons, and time to accept and complete. Aggregates only; any cell about
 * one to four patients is "<5", and so is a second cell wherever a total would otherwise give it away.
 */
@Injectable()
export class QualityReportService {
  constructor(
    private readonly database: Database,
    private readonly query: TaskLoadQuery,
    private readonly names: OrganizationNames,
  ) {}

  async report(filters: QualityReport['filters']): Promise<QualityReport> {
    const db = this.database;
    const [from, until] = await osloDayStarts(db, [filters.from, addDays(filters.to, 1)]);
    const filter = { unit: filters.unit, office: filters.office, category: filters.category, from, until };
    const bound = await this.query.patientBound(db);
    const [weeks, byCategory, byUnit, byOffice, reasons, durations, totals] = await Promise.all([
      this.query.weeks(db, filter, bound, true),
      this.query.groupedBy(db, filter, 'category', bound),
      this.query.groupedBy(db, filter, 'hospital_unit', bound),
      this.query.groupedBy(db, filter, 'gp_office', bound),
      this.query.contestedReasons(db, filter, bound),
      this.query.durations(db, filter, bound),
      this.query.totals(db, filter, bound),
    ]);
    const names = new Map(await this.names.namesOf([...byUnit, ...byOffice].map((row) => row.key).filter((key) => key !== UNASSIGNED_GROUP.key)));
    // Tasks nobody owns are a group of their own among the offices, named as the coordinator's queue is.
    names.set(UNASSIGNED_GROUP.key, UNASSIGNED_GROUP.display);
    const categoryNames = new Map<string, string>(TASK_CATEGORY_CODES.map((code) => [code, TASK_CATEGORIES[code].display]));
    const disclosure = new Disclosure(sameTasks(totals, weeks, [byCategory, byUnit, byOffice], reasons));
    const show = (cell: TaskCount) => disclosure.show(cell);
    return {
      filters,
      totals: { transferred: show(totals.transferred), contested: show(totals.contested), accepted: show(totals.accepted), completed: show(totals.completed) },
      weeks: weeks.map((week) => ({
        week: week.week,
        weekStart: week.weekStart,
        transferred: show(week.transferred),
        contested: show(week.contested),
        accepted: show(week.accepted),
        completed: show(week.completed),
        medianHoursToAccept: show(week.accepted) === SUPPRESSED ? SUPPRESSED : week.medianHoursToAccept,
      })),
      byCategory: breakdown(byCategory, categoryNames, disclosure),
      byUnit: breakdown(byUnit, names, disclosure),
      byOffice: breakdown(byOffice, names, disclosure),
      contestedReasons: disclosure.ranked(reasons, (row) => row.count, (row) => row.reason).map((row) => ({ reason: row.reason, count: show(row.count) })),
      timeToAccept: durations.toAccept,
      timeToComplete: durations.toComplete,
    };
  }

  async filterOptions(): Promise<QualityFilterOptions> {
    const { rows } = await this.database.query<{ kind: string; reference: string; name: string | null }>(
      `SELECT CASE WHEN resource->'type' @> $1::jsonb THEN 'office' ELSE 'unit' END AS kind,
              'Organization/' || id AS reference, resource->>'name' AS name
         FROM fhir_organization
        WHERE resource->'type' @> $1::jsonb OR resource->'type' @> $2::jsonb
        ORDER BY name`,
      [organizationTypeJson('gp-office'), organizationTypeJson('hospital-unit')],
    );
    const pick = (kind: string) => rows.filter((row) => row.kind === kind).map((row) => ({ reference: row.reference, name: row.name ?? row.reference }));
    return {
      units: pick('unit'),
      offices: pick('office'),
      categories: TASK_CATEGORY_CODES.map((code) => ({ code, display: TASK_CATEGORIES[code].display, displayEn: TASK_CATEGORIES[code].displayEn })),
    };
  }
}
