import { TASK_CATEGORIES, isTaskCategoryCode } from '@app/fhir';
import { QualityBreakdownRow, QualityReport, QualityWeekRow, ReasonCount, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { DomainError } from '../../common/errors/domain-error';
import { CsvFormat, csvFile } from '../../http/csv-file';

export type CsvLanguage = 'nb' | 'en';
export type QualityCsvTable = 'weeks' | 'byCategory' | 'byUnit' | 'byOffice' | 'contestedReasons';
export const QUALITY_CSV_TABLES: readonly QualityCsvTable[] = ['weeks', 'byCategory', 'byUnit', 'byOffice', 'contestedReasons'];

type Text = Record<CsvLanguage, string>;

/**
 * A column: its stable key (the `standard` file's header, for scripts), its heading in Excel, and its
 * cell. A count suppressed as "<5" is written as an empty cell and named in the flag column.
 */
interface Column<Row> {
  key: string;
  heading: Text;
  value: (row: Row) => unknown;
}

const COUNT = <Row>(key: string, nb: string, en: string, value: (row: Row) => unknown): Column<Row> => ({ key, heading: { nb, en }, value });
const breakdown = (keyHeading: Text, labelHeading: Text): Array<Column<QualityBreakdownRow>> => [
  { key: 'key', heading: keyHeading, value: (row) => row.key },
  { key: 'label', heading: labelHeading, value: (row) => row.label },
  COUNT('transferred', 'overført', 'handed over', (row: QualityBreakdownRow) => row.transferred),
  COUNT('contested', 'bestridt', 'contested', (row: QualityBreakdownRow) => row.contested),
];

const TABLES: { [T in QualityCsvTable]: { title: Text; file: Text; columns: Array<Column<never>>; rows: (report: QualityReport) => unknown[] } } = {
  weeks: {
    title: { nb: 'overførte oppgaver per uke', en: 'tasks handed over per week' },
    file: { nb: 'uker', en: 'weeks' },
    columns: [
      { key: 'week', heading: { nb: 'uke', en: 'week' }, value: (row: QualityWeekRow) => row.week },
      { key: 'weekStart', heading: { nb: 'uke_fra', en: 'week_start' }, value: (row: QualityWeekRow) => row.weekStart },
      COUNT('transferred', 'overført', 'handed over', (row: QualityWeekRow) => row.transferred),
      COUNT('contested', 'bestridt', 'contested', (row: QualityWeekRow) => row.contested),
      COUNT('accepted', 'akseptert', 'accepted', (row: QualityWeekRow) => row.accepted),
      COUNT('completed', 'fullført', 'completed', (row: QualityWeekRow) => row.completed),
      COUNT('medianHoursToAccept', 'median_timer_til_akseptert', 'median_hours_to_accept', (row: QualityWeekRow) => row.medianHoursToAccept),
    ] as Array<Column<never>>,
    rows: (report) => report.weeks,
  },
  byCategory: {
    title: { nb: 'overførte oppgaver per kategori', en: 'tasks handed over per category' },
    file: { nb: 'kategorier', en: 'categories' },
    columns: breakdown({ nb: 'kode', en: 'code' }, { nb: 'kategori', en: 'category' }) as Array<Column<never>>,
    rows: (report) => report.byCategory,
  },
  byUnit: {
    title: { nb: 'overførte oppgaver per sykehusenhet', en: 'tasks handed over per hospital unit' },
    file: { nb: 'sykehusenheter', en: 'hospital-units' },
    columns: breakdown({ nb: 'referanse', en: 'reference' }, { nb: 'sykehusenhet', en: 'hospital unit' }) as Array<Column<never>>,
    rows: (report) => report.byUnit,
  },
  byOffice: {
    title: { nb: 'overførte oppgaver per legekontor', en: 'tasks handed over per GP office' },
    file: { nb: 'legekontor', en: 'gp-offices' },
    columns: breakdown({ nb: 'referanse', en: 'reference' }, { nb: 'legekontor', en: 'GP office' }) as Array<Column<never>>,
    rows: (report) => report.byOffice,
  },
  contestedReasons: {
    title: { nb: 'bestridte oppgaver per begrunnelse', en: 'contested tasks per reason' },
    file: { nb: 'bestridelsesgrunner', en: 'contest-reasons' },
    columns: [
      { key: 'reason', heading: { nb: 'begrunnelse', en: 'reason' }, value: (row: ReasonCount) => row.reason },
      COUNT('count', 'antall', 'count', (row: ReasonCount) => row.count),
    ] as Array<Column<never>>,
    rows: (report) => report.contestedReasons,
  },
};

const FLAG: Text = { nb: 'undertrykt', en: 'suppressed' };

export function parseQualityCsvTable(value: unknown): QualityCsvTable {
  if (typeof value === 'string' && (QUALITY_CSV_TABLES as readonly string[]).includes(value)) return value as QualityCsvTable;
  throw DomainError.badRequest(`table is one of ${QUALITY_CSV_TABLES.join(', ')}`, 'table');
}

export function parseCsvLanguage(value: unknown): CsvLanguage {
  if (value === undefined || value === '' || value === 'nb') return 'nb';
  if (value === 'en') return 'en';
  throw DomainError.badRequest('lang is nb or en', 'lang');
}

/** The period and filters in words, for the file's first line. */
function aboutTheFile(report: QualityReport, table: QualityCsvTable, language: CsvLanguage): string {
  const { from, to, unit, office, category } = report.filters;
  const nameOf = (rows: QualityBreakdownRow[], reference: string) => rows.find((row) => row.key === reference)?.label ?? reference;
  const categoryName = category && isTaskCategoryCode(category) ? (language === 'nb' ? TASK_CATEGORIES[category].display : TASK_CATEGORIES[category].displayEn) : category;
  const filters = [
    unit && (language === 'nb' ? `sykehusenhet ${nameOf(report.byUnit, unit)}` : `hospital unit ${nameOf(report.byUnit, unit)}`),
    office && (language === 'nb' ? `legekontor ${nameOf(report.byOffice, office)}` : `GP office ${nameOf(report.byOffice, office)}`),
    categoryName && (language === 'nb' ? `kategori ${categoryName}` : `category ${categoryName}`),
  ].filter(Boolean);
  return language === 'nb'
    ? `Bro kvalitetsrapport: ${TABLES[table].title.nb}, periode ${from} til ${to}${filters.length ? ` (${filters.join(', ')})` : ''}. ` +
        'Tall om 1–4 pasienter er undertrykt, og likeså tall som ellers kunne regnes ut av summene: cellen står tom, og kolonnen «undertrykt» sier hvilke. En tom median uten merke betyr ingen data.'
    : `Bro quality report: ${TABLES[table].title.en}, period ${from} to ${to}${filters.length ? ` (${filters.join(', ')})` : ''}. ` +
        'Counts about 1–4 patients are suppressed, and so are counts that could otherwise be worked out from the totals: the cell is empty and the "suppressed" column names it. An empty median without a flag means no data.';
}

/**
 * One table of the quality report as its own CSV file (`csv-file.ts` says what each format is for):
 * counts as numbers; a suppressed count ("<5" on screen) as an empty cell, named in the last column
 * (`undertrykt`/`suppressed`), so a spreadsheet sums the numbers and still shows what is hidden.
 */
export function qualityTableCsv(report: QualityReport, table: QualityCsvTable, format: CsvFormat, language: CsvLanguage): string {
  const { columns, rows } = TABLES[table];
  const headingOf = (column: Column<never>) => (format === 'excel' ? column.heading[language] : column.key);
  const periodColumns = format === 'standard' ? ['periodFrom', 'periodTo'] : [];
  const flagHeading = format === 'excel' ? FLAG[language] : 'suppressed';
  return csvFile(format, {
    about: aboutTheFile(report, table, language),
    header: [...columns.map(headingOf), flagHeading, ...periodColumns],
    rows: rows(report).map((row) => {
      const values = columns.map((column) => column.value(row as never));
      const suppressed = columns.filter((_, index) => values[index] === SUPPRESSED).map(headingOf);
      return [
        ...values.map((value) => (value === SUPPRESSED ? null : value)),
        suppressed.join(', '),
        ...(format === 'standard' ? [report.filters.from, report.filters.to] : []),
      ];
    }),
  });
}

/** The file's name: the table and the period, so downloads of several tables and periods keep apart. */
export function qualityTableFileName(report: QualityReport, table: QualityCsvTable, language: CsvLanguage): string {
  return `bro-kvalitet-${TABLES[table].file[language]}-${report.filters.from}-${report.filters.to}.csv`;
}
