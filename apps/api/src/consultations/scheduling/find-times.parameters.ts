import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from '../../fhir/search/fhir-date-range';
import { Interval } from '../availability/intervals';

/** What `Appointment/$find` (and the planner's /api route) is asked: checked, in instants. */
export interface FindTimesRequest {
  window: Interval;
  /** The required participants' PractitionerRoles (`PractitionerRole/<id>`), without repeats. */
  practitioners: string[];
  minutesDuration: number;
  count: number;
  stepMinutes: number;
}

export const FIND_TIMES_LIMITS = {
  /** Wider windows than half a year are no planning question, and would let one call sweep a whole calendar. */
  maxWindowWeeks: 26,
  minMinutes: 5,
  maxMinutes: 240,
  defaultMinutes: 30,
  defaultCount: 5,
  maxCount: 50,
  defaultStep: 15,
  maxPractitioners: 6,
} as const;

const WEEK = 7 * 86_400_000;
const PRACTITIONER_ROLE = /^PractitionerRole\/[A-Za-z0-9\-.]{1,64}$/;
const KNOWN = new Set(['start', 'end', 'practitioner', 'minutes-duration', '_count', 'step']);

/** An instant with its offset: a window is asked in a zone, so a bare date or a time without zone is ambiguous. */
function instantOf(name: string, value: string): number {
  const range = /T\d{2}:\d{2}/.test(value) && /(Z|[+-]\d{2}:\d{2})$/.test(value) ? parseFhirDateRange(value) : undefined;
  if (!range) throw DomainError.badRequest(`${name} must be a dateTime with a time and an offset (2026-03-24T08:00:00+01:00), got "${value.slice(0, 64)}"`, name);
  return range.start.getTime();
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const number = /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max)) throw DomainError.badRequest(`${name} must be a whole number from ${min} to ${max}`, name);
  return number;
}

/**
 * The parameters of a `$find` call, as name-value pairs from the query string or a Parameters body. Every
 * problem answers 400 naming the parameter, before anything is read: unknown or repeated parameters,
 * impossible dates, a window that is empty or wider than 26 weeks, lengths outside 5–240 minutes, more
 * than 50 options, a participant that is not a PractitionerRole.
 */
export function parseFindTimesParameters(pairs: ReadonlyArray<readonly [string, string]>): FindTimesRequest {
  const single = new Map<string, string>();
  const practitioners: string[] = [];
  for (const [name, value] of pairs) {
    if (!KNOWN.has(name)) throw DomainError.badRequest(`$find takes ${[...KNOWN].join(', ')}, not ${name.slice(0, 64)}`, name.slice(0, 64));
    if (name === 'practitioner') {
      for (const reference of value.split(',')) {
        if (!PRACTITIONER_ROLE.test(reference)) {
          throw DomainError.badRequest(`practitioner must name a PractitionerRole (PractitionerRole/<id>): the participant's role at their unit or office, got "${reference.slice(0, 80)}"`, 'practitioner');
        }
        if (!practitioners.includes(reference)) practitioners.push(reference);
      }
      continue;
    }
    if (single.has(name)) throw DomainError.badRequest(`${name} is given more than once`, name);
    single.set(name, value);
  }
  const [startText, endText] = [single.get('start'), single.get('end')];
  if (startText === undefined || endText === undefined) throw DomainError.badRequest('$find needs start and end: the window to look in', startText === undefined ? 'start' : 'end');
  const window = { start: instantOf('start', startText), end: instantOf('end', endText) };
  if (!(window.start < window.end)) throw DomainError.badRequest('end must come after start', 'end');
  if (window.end - window.start > FIND_TIMES_LIMITS.maxWindowWeeks * WEEK) {
    throw DomainError.badRequest(`the window may be at most ${FIND_TIMES_LIMITS.maxWindowWeeks} weeks`, 'end');
  }
  if (practitioners.length === 0) throw DomainError.badRequest('$find needs at least one practitioner: the PractitionerRoles that must all be free', 'practitioner');
  if (practitioners.length > FIND_TIMES_LIMITS.maxPractitioners) {
    throw DomainError.badRequest(`at most ${FIND_TIMES_LIMITS.maxPractitioners} practitioners can be asked for at once`, 'practitioner');
  }
  const duration = single.get('minutes-duration');
  const count = single.get('_count');
  const step = single.get('step');
  return {
    window,
    practitioners,
    minutesDuration: duration === undefined ? FIND_TIMES_LIMITS.defaultMinutes : wholeNumber('minutes-duration', duration, FIND_TIMES_LIMITS.minMinutes, FIND_TIMES_LIMITS.maxMinutes),
    count: count === undefined ? FIND_TIMES_LIMITS.defaultCount : wholeNumber('_count', count, 1, FIND_TIMES_LIMITS.maxCount),
    stepMinutes: step === undefined ? FIND_TIMES_LIMITS.defaultStep : wholeNumber('step', step, 5, 60),
  };
}
