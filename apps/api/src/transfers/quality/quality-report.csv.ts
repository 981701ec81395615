import { QualityBreakdownRow, QualityReport } from '@app/fhir/board/board-metrics';
import { csvLine } from '../../http/csv';

function section(name: string, header: string[], rows: unknown[][]): string {
  return [name, csvLine(header), ...rows.map((row) => csvLine(row))].join('\n');
}

const breakdownRows = (rows: QualityBreakdownRow[]) => rows.map((row) => [row.key, row.label, row.transferred, row.contested]);
const BREAKDOWN_HEADER = ['key', 'label', 'transferred', 'contested'];

/**
 * The dashboard's tables as CSV, exactly as the screen shows them ("<5" stays "<5"): one section per
 * table, each starting with its name, separated by a blank line.
 */
export function qualityReportCsv(report: QualityReport): string {
  return `${[
    section(
      'weeks',
      ['week', 'weekStart', 'transferred', 'contested', 'accepted', 'completed', 'medianHoursToAccept'],
      report.weeks.map((w) => [w.week, w.weekStart, w.transferred, w.contested, w.accepted, w.completed, w.medianHoursToAccept]),
    ),
    section('byCategory', BREAKDOWN_HEADER, breakdownRows(report.byCategory)),
    section('byUnit', BREAKDOWN_HEADER, breakdownRows(report.byUnit)),
    section('byOffice', BREAKDOWN_HEADER, breakdownRows(report.byOffice)),
    section('contestedReasons', ['reason', 'count'], report.contestedReasons.map((r) => [r.reason, r.count])),
  ].join('\n\n')}\n`;
}
