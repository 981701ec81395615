/**
 * Rejected referrals and the low-threshold service on the live board and the quality dashboard: what
 * waits now, what was rejected this week and where it went, and the weekly figures (rejected by hospital
 * unit and reason, share routed, time to triage, deadline breaches, outcomes). Plain types only, so the
 * browser can import this file directly. Counts about 1–4 patients are "<5", as everywhere.
 */
import type { CountCell, SUPPRESSED } from '../board/board-metrics';

export interface ReferralBoardPanel {
  now: {
    /** Cases open in the low-threshold queue: waiting to be taken, or taken (the two add up to it). */
    openInQueue: CountCell;
    waiting: CountCell;
    claimed: CountCell;
    /** Open cases whose triage deadline has passed (red on the board). */
    overdueTriage: CountCell;
    /** Referrals the hospital has not answered by their assessment deadline. */
    unansweredPastDeadline: CountCell;
  };
  /** Referrals rejected this week (Europe/Oslo), routed to a low-threshold service or not (objected, or no rule): the two add up. */
  thisWeek: { week: string; weekStart: string; rejected: CountCell; routed: CountCell; notRouted: CountCell };
}

/** A median over the cases of a cell; hidden with the cell, null when there is none. */
export type MedianCell = number | null | typeof SUPPRESSED;

export interface ReferralWeek {
  /** ISO week in Europe/Oslo time, e.g. 2026-W48, and its Monday. */
  week: string;
  weekStart: string;
  /** Rejected in the week (by the day of the answer). */
  rejected: CountCell;
  routed: CountCell;
  /** routed ÷ rejected, when both are shown. */
  routedShare: number | null;
  /** Low-threshold cases closed with an outcome in the week. */
  triaged: CountCell;
  /** Hours from routing to outcome, median over the week's triaged cases. */
  medianHoursToTriage: MedianCell;
  /** Referrals whose assessment deadline fell in the week and passed unanswered (or was answered late). */
  assessmentBreaches: CountCell;
  /** Cases whose triage deadline fell in the week and passed without an outcome (or got one late). */
  triageBreaches: CountCell;
}

export interface ReferralFigures {
  /** The board scope counted (municipality, hospital:…, office:…) and the weeks (this one the last). */
  scope: string;
  from: string;
  to: string;
  totals: {
    rejected: CountCell;
    /** rejected = routed + objected + notRouted */
    routed: CountCell;
    objected: CountCell;
    notRouted: CountCell;
    routedShare: number | null;
    triaged: CountCell;
    assessmentBreaches: CountCell;
    triageBreaches: CountCell;
  };
  weeks: ReferralWeek[];
  /** Rejections by hospital unit, most first (hidden rows last, by name). */
  byUnit: Array<{ unit: string; name: string; rejected: CountCell; routed: CountCell }>;
  /** Rejections by reason (urn:bro:referral-rejection-reason), most first. */
  byReason: Array<{ reason: string; rejected: CountCell }>;
  /** Triage outcomes (urn:bro:lowthreshold-outcome) of the cases closed in the weeks, most first. */
  outcomes: Array<{ outcome: string; count: CountCell }>;
  /** Routing to outcome over the weeks' triaged cases: median hours and median Norwegian working days. */
  timeToTriage: { medianHours: MedianCell; medianWorkingDays: MedianCell; cases: CountCell };
}
