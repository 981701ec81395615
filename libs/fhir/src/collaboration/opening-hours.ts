import type { Resource } from '../fhir-types';
import { OPENING_HOURS_EXTENSION } from './directory-fields';

/**
 * Opening hours of a directory entry, in FHIR R4's `availableTime` shape: on HealthcareService and
 * PractitionerRole the element itself, on an Organization one {@link OPENING_HOURS_EXTENSION} extension per
 * element (sub-extensions named as the element's fields). Read and written only through this file, so the
 * import, the seed and the search projection agree; the text form is what the registry CSV and people write.
 */
export const DAYS_OF_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export interface OpeningHours {
  daysOfWeek: DayOfWeek[];
  allDay?: boolean;
  /** FHIR time, HH:MM:SS. */
  availableStartTime?: string;
  availableEndTime?: string;
}

/** Norwegian day abbreviations (and full names) as people write them, beside FHIR's own codes. */
const DAY_NAMES: Record<string, DayOfWeek> = {
  ...Object.fromEntries(DAYS_OF_WEEK.map((day) => [day, day])),
  man: 'mon',
  mandag: 'mon',
  tir: 'tue',
  tirsdag: 'tue',
  ons: 'wed',
  onsdag: 'wed',
  tor: 'thu',
  torsdag: 'thu',
  fre: 'fri',
  fredag: 'fri',
  lør: 'sat',
  lørdag: 'sat',
  søn: 'sun',
  søndag: 'sun',
};

const DAY_TEXT: Record<DayOfWeek, string> = { mon: 'man', tue: 'tir', wed: 'ons', thu: 'tor', fri: 'fre', sat: 'lør', sun: 'søn' };
const ALWAYS_OPEN = ['døgnåpent', 'døgnåpen', '24/7', 'alltid'];
const MAX_TEXT = 200;

function dayNamed(name: string): DayOfWeek | undefined {
  return DAY_NAMES[name.trim().toLowerCase().replace(/\.$/, '')];
}

/** `8`, `8:00`, `08.00`, `0800` → `08:00:00`; `24:00` (closing at midnight) is `23:59:59`, R4's time stops there. */
function timeOf(text: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.]?(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours === 24 && minutes === 0) return '23:59:59';
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00`;
}

function daysOf(text: string): DayOfWeek[] | undefined {
  const days: DayOfWeek[] = [];
  for (const part of text.split('/').map((piece) => piece.trim()).filter(Boolean)) {
    const range = part.split(/\s*[-–]\s*/);
    if (range.length > 2) return undefined;
    const from = dayNamed(range[0]);
    const to = dayNamed(range[range.length - 1]);
    if (!from || !to) return undefined;
    const start = DAYS_OF_WEEK.indexOf(from);
    const end = DAYS_OF_WEEK.indexOf(to);
    if (end < start) return undefined;
    for (let i = start; i <= end; i++) if (!days.includes(DAYS_OF_WEEK[i])) days.push(DAYS_OF_WEEK[i]);
  }
  return days.length ? days : undefined;
}

/**
 * Reads opening hours as written in the registry CSV: groups separated by `,`, each days then hours —
 * `man-fre 08:00-15:30, lør 10-14`, `mon/wed 8-16`, `alle dager 24t`, or `døgnåpent` (every day, all day).
 * An empty text is no opening hours. Answers the problem for text it cannot read.
 */
export function parseOpeningHours(text: string): { hours: OpeningHours[] } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { hours: [] };
  if (trimmed.length > MAX_TEXT) return { problem: `opening hours are longer than ${MAX_TEXT} characters` };
  if (ALWAYS_OPEN.includes(trimmed.toLowerCase())) return { hours: [{ daysOfWeek: [...DAYS_OF_WEEK], allDay: true }] };
  const hours: OpeningHours[] = [];
  for (const group of trimmed.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const match = /^(.*?)\s+(\d{1,2}(?:[:.]?\d{2})?\s*[-–]\s*\d{1,2}(?:[:.]?\d{2})?|24t|hele døgnet)$/i.exec(group);
    const dayText = match?.[1].toLowerCase() === 'alle dager' ? 'man-søn' : match?.[1];
    const days = dayText ? daysOf(dayText) : undefined;
    if (!match || !days) {
      return { problem: `"${group.slice(0, 40)}" is not opening hours: write days then hours, as "man-fre 08:00-15:30, lør 10:00-14:00" (or "døgnåpent")` };
    }
    if (/^(24t|hele døgnet)$/i.test(match[2])) {
      hours.push({ daysOfWeek: days, allDay: true });
      continue;
    }
    const [fromText, toText] = match[2].split(/\s*[-–]\s*/);
    const from = timeOf(fromText);
    const to = timeOf(toText);
    if (!from || !to) return { problem: `"${match[2]}" is not a time range such as 08:00-15:30` };
    if (to <= from) return { problem: `"${match[2]}" closes before it opens` };
    hours.push({ daysOfWeek: days, availableStartTime: from, availableEndTime: to });
  }
  return { hours };
}

function dayRanges(days: DayOfWeek[]): string {
  const indexes = [...new Set(days)].map((day) => DAYS_OF_WEEK.indexOf(day)).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; i++) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
    const from = DAY_TEXT[DAYS_OF_WEEK[indexes[i]]];
    const to = DAY_TEXT[DAYS_OF_WEEK[indexes[j]]];
    parts.push(i === j ? from : j === i + 1 ? `${from}/${to}` : `${from}-${to}`);
    i = j;
  }
  return parts.join('/');
}

const clock = (time?: string) => (time === '23:59:59' ? '24:00' : (time ?? '').slice(0, 5));

/** Opening hours as people read them (and as {@link parseOpeningHours} reads them back): `man-fre 08:00-15:30, lør 10:00-14:00`. */
export function formatOpeningHours(hours: readonly OpeningHours[]): string {
  if (hours.length === 1 && hours[0].allDay && hours[0].daysOfWeek.length === DAYS_OF_WEEK.length) return 'døgnåpent';
  return hours.map((item) => `${dayRanges(item.daysOfWeek)} ${item.allDay ? '24t' : `${clock(item.availableStartTime)}-${clock(item.availableEndTime)}`}`).join(', ');
}

type Extension = { url: string; extension?: Array<Record<string, unknown>> } & Record<string, unknown>;

function asExtension(hours: OpeningHours): Extension {
  return {
    url: OPENING_HOURS_EXTENSION,
    extension: [
      ...hours.daysOfWeek.map((day) => ({ url: 'daysOfWeek', valueCode: day })),
      ...(hours.allDay ? [{ url: 'allDay', valueBoolean: true }] : []),
      ...(hours.availableStartTime ? [{ url: 'availableStartTime', valueTime: hours.availableStartTime }] : []),
      ...(hours.availableEndTime ? [{ url: 'availableEndTime', valueTime: hours.availableEndTime }] : []),
    ],
  };
}

function fromExtension(extension: Extension): OpeningHours {
  const parts = extension.extension ?? [];
  const value = (url: string) => parts.find((part) => part.url === url);
  const hours: OpeningHours = {
    daysOfWeek: parts.filter((part) => part.url === 'daysOfWeek').map((part) => part.valueCode as DayOfWeek).filter((day) => DAYS_OF_WEEK.includes(day)),
  };
  if (value('allDay')?.valueBoolean === true) hours.allDay = true;
  const start = value('availableStartTime')?.valueTime;
  const end = value('availableEndTime')?.valueTime;
  if (typeof start === 'string') hours.availableStartTime = start;
  if (typeof end === 'string') hours.availableEndTime = end;
  return hours;
}

function asAvailableTime(hours: OpeningHours): Record<string, unknown> {
  return {
    daysOfWeek: [...hours.daysOfWeek],
    ...(hours.allDay ? { allDay: true } : {}),
    ...(hours.availableStartTime ? { availableStartTime: hours.availableStartTime } : {}),
    ...(hours.availableEndTime ? { availableEndTime: hours.availableEndTime } : {}),
  };
}

/** A directory entry's opening hours, wherever its type keeps them; none is `[]`. */
export function openingHoursOf(resource: Resource): OpeningHours[] {
  if (resource.resourceType === 'Organization') {
    const extensions = Array.isArray(resource.extension) ? (resource.extension as Extension[]) : [];
    return extensions.filter((extension) => extension?.url === OPENING_HOURS_EXTENSION).map(fromExtension);
  }
  const available = Array.isArray(resource.availableTime) ? (resource.availableTime as OpeningHours[]) : [];
  return available.map((item) => fromExtension(asExtension({ ...item, daysOfWeek: item.daysOfWeek ?? [] })));
}

/** The entry with these opening hours in place of any it had (none removes them); everything else as it was. */
export function withOpeningHours<T extends Resource>(resource: T, hours: readonly OpeningHours[]): T {
  const copy: Resource = { ...resource };
  if (resource.resourceType === 'Organization') {
    const others = (Array.isArray(resource.extension) ? (resource.extension as Extension[]) : []).filter((extension) => extension?.url !== OPENING_HOURS_EXTENSION);
    const extension = [...others, ...hours.map(asExtension)];
    if (extension.length) copy.extension = extension;
    else delete copy.extension;
    return copy as T;
  }
  if (hours.length) copy.availableTime = hours.map(asAvailableTime);
  else delete copy.availableTime;
  return copy as T;
}
