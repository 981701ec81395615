/**
 * The joint consultations panel of the live board and the quality dashboard: how many were proposed
 * and what became of them, per week and per hospital unit, how many discharges had one, and how often
 * hand-over tasks are contested with and without one. Plain types only, so the browser can import it.
 */
import type { CountCell } from '../board/board-metrics';

/** Consultations proposed in a period, by what became of them (the four add up to `proposed`). */
export interface ConsultationOutcomes {
  proposed: CountCell;
  /** Still waiting for answers (proposed or pending, nobody required has declined). */
  awaiting: CountCell;
  /** Booked (or the participants have joined), not yet held. */
  booked: CountCell;
  /** Held: fulfilled, its outcome recorded. */
  held: CountCell;
  /** Cancelled, not attended, or declined by a required participant. */
  declinedOrCancelled: CountCell;
}

export interface ConsultationWeek extends ConsultationOutcomes {
  /** ISO week in Europe/Oslo time, e.g. 2026-W48. */
  week: string;
  /** The Monday the week starts on (Europe/Oslo), YYYY-MM-DD. */
  weekStart: string;
}

export interface ConsultationUnitRow extends ConsultationOutcomes {
  /** The planning hospital unit (Organization reference) and its name. */
  unit: string;
  name: string;
}

/** A share and the counts it comes from; the share is null when either count is hidden or there is nothing to divide by. */
export interface CountedShare {
  of: CountCell;
  count: CountCell;
  share: number | null;
}

export interface ConsultationBoardPanel {
  /** The twelve weeks to this one, by week the consultation was proposed. */
  weeks: ConsultationWeek[];
  /** The same twelve weeks by planning unit, most proposed first (hidden rows last, by name). */
  byUnit: ConsultationUnitRow[];
  /** Discharges with hand-over tasks in the twelve weeks, and those with a consultation about them. */
  dischargesWithConsultation: CountedShare;
  /** Hand-over tasks of the twelve weeks contested, among those a consultation covered and those it did not. */
  contestedWithConsultation: CountedShare;
  contestedWithoutConsultation: CountedShare;
}
