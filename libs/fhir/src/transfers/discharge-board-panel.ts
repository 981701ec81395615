/**
 * The discharge task-transfer panel of the live board: what the hand-overs from hospitals to GPs look
 * like now, this week and over twelve weeks. Plain types only, so the browser can import this file.
 */
import type { CountCell, DurationSummary, ReasonCount, SUPPRESSED } from '../board/board-metrics';

export interface CategoryLoad {
  category: string;
  open: CountCell;
  transferredThisWeek: CountCell;
}

export interface WeekCount {
  /** ISO week in Europe/Oslo time, e.g. 2026-W48. */
  week: string;
  /** The Monday the week starts on (Europe/Oslo), YYYY-MM-DD. */
  weekStart: string;
  transferred: CountCell;
  contested: CountCell;
}

export interface OfficeLoad {
  office: string;
  name: string;
  /** GPs (active PractitionerRoles) at the office. */
  gps: number;
  open: CountCell;
  /** Open tasks per GP, one decimal; "<5" when `open` is suppressed, null for an office without GPs. */
  openPerGp: number | null | typeof SUPPRESSED;
  /** When the oldest open task was handed over. */
  oldestOpenSince: string | null;
}

export interface DischargeBoardPanel {
  now: {
    open: CountCell;
    overdue: CountCell;
    unassigned: CountCell;
    /** Contested tasks waiting for the hospital to take back or re-assign. */
    awaitingHospital: CountCell;
  };
  today: { transferred: CountCell };
  thisWeek: {
    transferred: CountCell;
    contested: CountCell;
    /** Contested ÷ transferred this week, 0–1 with three decimals; null when nothing was transferred or either count is suppressed. */
    contestedShare: number | null;
  };
  byCategory: CategoryLoad[];
  /** The last 12 ISO weeks, oldest first, this week last. */
  weeklyTrend: WeekCount[];
  /** GP offices by open tasks per GP, highest first (at most 20). */
  officeLoad: OfficeLoad[];
  contestedReasons: ReasonCount[];
  timeToAccept: DurationSummary;
  timeToComplete: DurationSummary;
}
