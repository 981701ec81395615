/**
 * What the /api endpoints answer about revolving-door patients: written by the API, read by the web app.
 * Plain types only, so the browser imports this file directly. Definitions: libs/fhir/src/collaboration/revolving-door.ts.
 */
import type { CountCell, SUPPRESSED } from '../board/board-metrics';

/** On a hand-over task (inbox, task view): the task's patient came back acutely within 30 days (the Flag). */
export interface RevolvingDoorMark {
  /** `Flag/<id>`. */
  flag: string;
}

/**
 * On a coordinator's hand-over: the stay is a revolving-door readmission, and whether a joint consultation
 * is proposed for it; `proposeJointConsultation` is the prompt (none yet).
 */
export interface RevolvingDoorHandoverMark extends RevolvingDoorMark {
  jointConsultation: boolean;
  proposeJointConsultation: boolean;
}

/** A share (0–1, three decimals); null when there is nothing to divide by, "<5" when its counts are hidden. */
export type RateCell = number | null | typeof SUPPRESSED;

/** Discharges of patients 67 or more (index stays) and how many came back acutely 8 h – 30 days later. */
export interface ReadmissionCounts {
  discharges: CountCell;
  readmitted: CountCell;
  rate: RateCell;
}

export interface ReadmissionWeek extends ReadmissionCounts {
  /** ISO week in Europe/Oslo time, e.g. 2026-W48, and its Monday. */
  week: string;
  weekStart: string;
  /** False while a discharge of the week can still be followed by a readmission within 30 days: the rate may grow. */
  complete: boolean;
}

/** Revolving-door patients (with a readmission in the period) with and without a joint consultation for it. */
export interface RevolvingDoorPatients {
  total: CountCell;
  withJointConsultation: CountCell;
  withoutJointConsultation: CountCell;
}

/** The board's revolving-door panel: the last 30 days, the patients, and the weekly trend. */
export interface RevolvingDoorBoardPanel {
  last30Days: ReadmissionCounts;
  patients: RevolvingDoorPatients;
  /** The last 8 ISO weeks, oldest first. */
  trend: ReadmissionWeek[];
}

/** The quality team's figures of one scope over the weeks (`GET /api/quality/revolving-door`). */
export interface RevolvingDoorFigures {
  scope: string;
  from: string;
  to: string;
  totals: ReadmissionCounts;
  patients: RevolvingDoorPatients;
  weeks: ReadmissionWeek[];
  /** Per hospital unit that discharged the index stay; rows with hidden counts after the others, by name. */
  byUnit: Array<{ unit: string; name: string } & ReadmissionCounts>;
}
