/**
 * e-multidose on the live board and the quality dashboard. Today: how many GP offices, and GPs at them,
 * use PLL and are connected to e-multidose, and the monthly trend toward 100 %. Offices and GPs are not
 * patient data, so their counts are shown as they are (no "<5"). The per-patient cells (patients with
 * pending changes and how long they have waited, paper vs e-multidose) come with the multidose episode and
 * are added beside `coverage`, suppressed like every patient count.
 * Plain types only, so the browser can import this file directly.
 */

/** `count` of `of`, and their share (0–1, three decimals; null when `of` is 0). */
export interface CoverageShare {
  count: number;
  of: number;
  share: number | null;
}

/** The figures at one month's end (or today, for this month): as the since-dates of the offices' capability say. */
export interface CoverageMonth {
  /** YYYY-MM (Europe/Oslo). */
  month: string;
  /** The last day counted: the month's last day, or today for this month. */
  asOf: string;
  officesEMultidose: CoverageShare;
  gpsEMultidose: CoverageShare;
  officesPll: CoverageShare;
}

export interface MultidoseCoverage {
  /**
   * Which GP offices are counted: every GP office in the directory (the municipality's board, and a
   * hospital's, whose patients go home to all of them), or the one office whose board it is.
   */
  area: 'municipality' | 'office';
  /** Today (Europe/Oslo). */
  asOf: string;
  offices: { eMultidose: CoverageShare; pll: CoverageShare };
  /** GPs: active PractitionerRoles with the GP code at those offices. */
  gps: { eMultidose: CoverageShare; pll: CoverageShare };
  /** The last 12 months, this one last. */
  monthlyTrend: CoverageMonth[];
}

export interface MultidoseBoardPanel {
  coverage: MultidoseCoverage;
}

/** Offices by EPJ system on the quality dashboard: where connecting the rest would start. */
export interface EpjSystemCoverage {
  /** As recorded; null for offices that have not said. */
  epjSystem: string | null;
  offices: number;
  eMultidose: number;
  pll: number;
}

/** `GET /api/quality/multidose-coverage`: the board's coverage and the offices by EPJ system. */
export interface MultidoseCoverageFigures {
  scope: string;
  coverage: MultidoseCoverage;
  byEpjSystem: EpjSystemCoverage[];
}

export const COVERAGE_MONTHS = 12;

export function coverageShare(count: number, of: number): CoverageShare {
  return { count, of, share: of > 0 ? Math.round((count / of) * 1000) / 1000 : null };
}
