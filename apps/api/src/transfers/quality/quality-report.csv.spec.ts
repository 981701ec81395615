import { QualityReport, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { parseCsvLanguage, parseQualityCsvTable, qualityTableCsv, qualityTableFileName } from './quality-report.csv';

const report: QualityReport = {
  filters: { from: '2026-09-14', to: '2026-12-06', unit: 'Organization/unit-1' },
  totals: { transferred: 14, contested: SUPPRESSED, accepted: 6, completed: 0 },
  weeks: [
    { week: '2026-W48', weekStart: '2026-11-23', transferred: 8, contested: SUPPRESSED, accepted: 6, completed: 0, medianHoursToAccept: 3.5 },
    { week: '2026-W49', weekStart: '2026-11-30', transferred: 6, contested: 0, accepted: SUPPRESSED, completed: 0, medianHoursToAccept: SUPPRESSED },
    { week: '2026-W50', weekStart: '2026-12-07', transferred: 0, contested: 0, accepted: 0, completed: 0, medianHoursToAccept: null },
  ],
  byCategory: [
    { key: 'PROVESVAR', label: 'Oppfølging av prøvesvar', transferred: 9, contested: 0 },
    { key: 'KONTROLL', label: 'Kontroll', transferred: SUPPRESSED, contested: SUPPRESSED },
  ],
  byUnit: [{ key: 'Organization/unit-1', label: 'Medisinsk sengepost', transferred: 14, contested: SUPPRESSED }],
  byOffice: [],
  contestedReasons: [{ reason: 'SYKEHUSETS-ANSVAR', count: SUPPRESSED }],
  timeToAccept: { medianHours: 3.5, p90Hours: 7, tasks: 6 },
  timeToComplete: { medianHours: null, p90Hours: null, tasks: 0 },
};

const lines = (file: string) => file.replace(/^\uFEFF/, '').split('\r\n').slice(0, -1);

describe('the quality report as CSV, one table per file', () => {
  it('gives Norwegian Excel the period and the suppression rule first, then headings in bokmål, numbers with decimal comma and "<5" as an empty cell flagged', () => {
    const [about, header, ...rows] = lines(qualityTableCsv(report, 'weeks', 'excel', 'nb'));
    expect(about).toContain('periode 2026-09-14 til 2026-12-06');
    expect(about).toContain('sykehusenhet Medisinsk sengepost');
    expect(about).toContain('Tall om 1–4 pasienter er undertrykt');
    expect(header).toBe('uke;uke_fra;overført;bestridt;akseptert;fullført;median_timer_til_akseptert;undertrykt');
    expect(rows).toEqual([
      '2026-W48;2026-11-23;8;;6;0;3,5;bestridt',
      // Two hidden cells of one row: both named, in the flag column's own quotes (it holds a comma).
      '2026-W49;2026-11-30;6;0;;0;;"akseptert, median_timer_til_akseptert"',
      // An empty median without a flag: no task was accepted that week.
      '2026-W50;2026-12-07;0;0;0;0;;',
    ]);
  });

  it('gives Power BI a plain table: stable keys as the header, commas, decimal point, the period on every row', () => {
    const [header, ...rows] = lines(qualityTableCsv(report, 'byCategory', 'standard', 'nb'));
    expect(header).toBe('key,label,transferred,contested,suppressed,periodFrom,periodTo');
    expect(rows).toEqual(['PROVESVAR,Oppfølging av prøvesvar,9,0,,2026-09-14,2026-12-06', 'KONTROLL,Kontroll,,,"transferred, contested",2026-09-14,2026-12-06']);
  });

  it('writes English headings and words when asked, and names each file by its table and period', () => {
    const [about, header, row] = lines(qualityTableCsv(report, 'contestedReasons', 'excel', 'en'));
    expect(about).toContain('period 2026-09-14 to 2026-12-06');
    expect(header).toBe('reason;count;suppressed');
    expect(row).toBe('SYKEHUSETS-ANSVAR;;count');
    expect(qualityTableFileName(report, 'byOffice', 'nb')).toBe('bro-kvalitet-legekontor-2026-09-14-2026-12-06.csv');
    expect(qualityTableFileName(report, 'byOffice', 'en')).toBe('bro-kvalitet-gp-offices-2026-09-14-2026-12-06.csv');
  });

  it('refuses a table or language it does not know', () => {
    expect(() => parseQualityCsvTable(undefined)).toThrow('table is one of weeks, byCategory, byUnit, byOffice, contestedReasons');
    expect(() => parseCsvLanguage('de')).toThrow('lang is nb or en');
    expect(parseCsvLanguage(undefined)).toBe('nb');
  });
});
