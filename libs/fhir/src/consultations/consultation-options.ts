import { Period } from './appointment-participant';

/**
 * When the current time options (Appointment.requestedPeriod) were proposed, stamped by Bro on the
 * Appointment each time the coordinator proposes times (first proposal and every rebooking). Answers
 * recorded before it answered earlier options and no longer count; the history keeps them.
 */
export const OPTIONS_PROPOSED_AT_EXTENSION = 'urn:bro:extension:options-proposed-at';

interface Extensible {
  extension?: Array<{ url?: string; valueInstant?: string }>;
}

export function optionsProposedAt(appointment: Extensible): string | undefined {
  return appointment.extension?.find((extension) => extension?.url === OPTIONS_PROPOSED_AT_EXTENSION)?.valueInstant;
}

export function withOptionsProposedAt<T extends Extensible>(appointment: T, at: Date): T {
  const others = (appointment.extension ?? []).filter((extension) => extension?.url !== OPTIONS_PROPOSED_AT_EXTENSION);
  return { ...appointment, extension: [...others, { url: OPTIONS_PROPOSED_AT_EXTENSION, valueInstant: at.toISOString() }] };
}

/** The time options of a consultation: its requestedPeriods that have both a start and an end. */
export function timeOptionsOf(appointment: { requestedPeriod?: unknown }): Array<Required<Period>> {
  const periods = Array.isArray(appointment.requestedPeriod) ? (appointment.requestedPeriod as Period[]) : [];
  return periods.filter((period): period is Required<Period> => typeof period?.start === 'string' && typeof period?.end === 'string');
}

/** Same instants, whatever offset each was written with ("14:00+01:00" is "13:00Z"). */
export function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const [left, right] = [Date.parse(a), Date.parse(b)];
  return !Number.isNaN(left) && left === right;
}

/** The index of the option a period names exactly, or -1. */
export function optionIndexOf(options: ReadonlyArray<Required<Period>>, period: Period): number {
  return options.findIndex((option) => sameInstant(option.start, period.start) && sameInstant(option.end, period.end));
}
