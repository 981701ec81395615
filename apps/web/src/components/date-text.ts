/**
 * Dates and times as Norwegians write them (24.12.2026, 14:30), whatever language the browser is set to:
 * the browser's own date inputs follow its locale, so an English hospital PC shows mm/dd/yyyy and a
 * 12-hour clock. Forms keep the values as the browser's inputs did (YYYY-MM-DD, YYYY-MM-DDTHH:mm in local
 * time), so what they send is unchanged.
 */

const DAY = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\S+?),?\s+(?:kl\.?\s*)?(\d{1,2})(?:[:.]?(\d{2}))?$/i;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

function realDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Whether a form value is a complete, real day (YYYY-MM-DD). */
export function isDayValue(value: string): boolean {
  const match = ISO_DAY.exec(value);
  return Boolean(match && realDay(Number(match[1]), Number(match[2]), Number(match[3])));
}

/** Whether a form value is a complete, real local date and time (YYYY-MM-DDTHH:mm). */
export function isDateTimeValue(value: string): boolean {
  const match = LOCAL_DATE_TIME.exec(value);
  return Boolean(match && isDayValue(match[1]) && Number(match[2]) < 24 && Number(match[3]) < 60);
}

/** "24.12.2026", "24.12.26", "24/12/2026" or "2026-12-24" as YYYY-MM-DD; undefined when it is no real day. */
export function parseDayText(text: string): string | undefined {
  const trimmed = text.trim();
  const iso = ISO_DAY.exec(trimmed);
  if (iso) return realDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const match = DAY.exec(trimmed);
  if (!match) return undefined;
  const year = match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
  return realDay(year, Number(match[2]), Number(match[1]));
}

/** "24.12.2026 14:30" (also "14.30", "kl. 14:30", "1430") as YYYY-MM-DDTHH:mm; undefined when incomplete or impossible. */
export function parseDateTimeText(text: string): string | undefined {
  const match = DATE_TIME.exec(text.trim());
  const day = match ? parseDayText(match[1]) : undefined;
  if (!match || !day) return undefined;
  const [hours, minutes] = [Number(match[2]), Number(match[3] ?? 0)];
  return hours < 24 && minutes < 60 ? `${day}T${pad(hours)}:${pad(minutes)}` : undefined;
}

/** YYYY-MM-DD as dd.mm.yyyy. */
export function dayText(value: string): string {
  const match = ISO_DAY.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}

/** YYYY-MM-DDTHH:mm as dd.mm.yyyy HH:mm. */
export function dateTimeText(value: string): string {
  const match = LOCAL_DATE_TIME.exec(value);
  return match ? `${dayText(match[1])} ${match[2]}:${match[3]}` : value;
}

/** The local date and time of an instant as a form value (YYYY-MM-DDTHH:mm in the browser's time zone). */
export function localDateTimeValue(instant: Date): string {
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}T${pad(instant.getHours())}:${pad(instant.getMinutes())}`;
}
