/**
 * e-multidose on the live board and the quality dashboard: how many GP offices, and GPs at them, use PLL
 * and are connected to e-multidose, and the monthly trend toward 100 % (offices and GPs are not patient
 * data, so their counts are shown as they are, no "<5"); and beside `coverage` the multidose patients
 * (pending changes and how long they have waited, overdue updates, old-list deviations, paper vs
 * e-multidose), suppressed like every patient count.
 * Plain types only, so the browser can import this file directly.
 */

import type { CountCell } from '../board/board-metrics';

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

/** How long the patients with a pending change have waited since their update Task was created (to now). */
export interface MultidoseWaited {
  medianHours: number | null;
  longestHours: number | null;
  /** Norwegian working days after the day the update was created, up to and including today. */
  medianWorkingDays: number | null;
  longestWorkingDays: number | null;
}

/**
 * The multidose patients of one board now, every count suppressed as patient counts are (`'<5'` for 1–4
 * patients; one open episode per patient, so episodes are patients).
 */
export interface MultidosePatients {
  /** Patients whose change is pending (episode change-pending). */
  pendingChanges: CountCell;
  /** How long they have waited: all null when `pendingChanges` is hidden (a wait would tell about 1–4 patients). */
  waited: MultidoseWaited;
  /** Update Tasks still open after their due date. */
  overdueUpdates: CountCell;
  /** Open episodes flagged `packed-old-list`: the pharmacy packed the old list after the update's due date. */
  oldListDeviations: CountCell;
  /** Open episodes (not ended), and of them on e-multidose and on paper multidose. */
  open: CountCell;
  eMultidose: CountCell;
  paper: CountCell;
  /** Paper-multidose patients whose GP office is not connected to e-multidose (the flag: connect the office). */
  paperOfficeNotConnected: CountCell;
}

export interface MultidoseBoardPanel {
  coverage: MultidoseCoverage;
  patients: MultidosePatients;
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

/** One Oslo week's (or the period's) multidose figures on the quality dashboard, suppressed as the board is. */
export interface MultidoseWeekFigures {
  /** Pending changes created: update Tasks a discharge gave a responsible doctor. */
  created: CountCell;
  /** Updates completed by the doctor's complete list (M25.1), and the median time from the update Task's creation. */
  completed: CountCell;
  medianHoursToList: number | null;
  medianWorkingDaysToList: number | null;
  /** Updates whose due date fell in the week and has passed; of them, those not completed by it; the share (null when hidden or none). */
  due: CountCell;
  overdue: CountCell;
  overdueShare: number | null;
  /** Old-list deviations raised (an episode counted once per day it is flagged). */
  deviations: CountCell;
}

/** `GET /api/quality/multidose`: per ISO week (Europe/Oslo), the period's totals, and the patients now as on the board. */
export interface MultidoseFigures {
  scope: string;
  weeks: Array<{ week: string; weekStart: string } & MultidoseWeekFigures>;
  totals: MultidoseWeekFigures;
  now: MultidosePatients;
}
