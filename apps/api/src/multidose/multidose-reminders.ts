import { NotificationKind, OPEN_MULTIDOSE_UPDATE_STATUSES, ReminderKind, Resource, TaskKind, TaskStatus, taskKindOf } from '@app/fhir';
import { addDays } from '../common/calendar/oslo-calendar';
import { isWorkingDay } from '../common/calendar/working-days';
import { norwegianDate } from './multidose-notifications';

export type MultidoseReminderKind = `${ReminderKind.MultidoseUpdateDueSoon}` | `${ReminderKind.MultidoseUpdateOverdue}`;

export const MULTIDOSE_REMINDER_KINDS: MultidoseReminderKind[] = [ReminderKind.MultidoseUpdateDueSoon, ReminderKind.MultidoseUpdateOverdue];

/** Reminders come at the start of the working day, when the doctor is there to act on them. */
const REMINDER_TIME = '08:00:00';

/** A wall-clock time on a calendar date in Oslo, as an instant (summer and winter time alike). */
export function osloInstant(date: string, time = REMINDER_TIME): Date {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Oslo', timeZoneName: 'shortOffset' })
    .formatToParts(noonUtc)
    .find((part) => part.type === 'timeZoneName')!
    .value.replace('GMT', '');
  const [hours, minutes = '0'] = (offset || '+0').split(':');
  const sign = hours.startsWith('-') ? '-' : '+';
  return new Date(`${date}T${time}${sign}${String(Math.abs(Number(hours))).padStart(2, '0')}:${minutes.padStart(2, '0')}`);
}

function workingDayFrom(date: string, step: 1 | -1): string {
  let day = addDays(date, step);
  while (!isWorkingDay(day)) day = addDays(day, step);
  return day;
}

/** 08:00 Oslo on the last working day before the due date. */
export function dueSoonAt(due: string): Date {
  return osloInstant(workingDayFrom(due, -1));
}

/** 08:00 Oslo on the first working day after the due date (a Friday due date reminds on Monday). */
export function overdueAt(due: string): Date {
  return osloInstant(workingDayFrom(due, 1));
}

/** Whether a due date (YYYY-MM-DD, Oslo) has passed at an instant: from the start of the next Oslo day. */
export function duePassed(due: string, now: Date): boolean {
  return now >= osloInstant(addDays(due, 1), '00:00:00');
}

/** What an update Task's reminders are planned from; undefined for a Task of another workflow. */
export interface UpdateReminderSubject {
  status: TaskStatus;
  due: string | undefined;
  /** The responsible doctor's PractitionerRole, or their office. */
  owner: string | undefined;
}

export function updateReminderSubjectOf(task: Resource | undefined): UpdateReminderSubject | undefined {
  if (!task || task.resourceType !== 'Task' || taskKindOf(task) !== TaskKind.MultidoseUpdate) return undefined;
  const end = (task.restriction as { period?: { end?: unknown } } | undefined)?.period?.end;
  const owner = (task.owner as { reference?: unknown } | undefined)?.reference;
  return {
    status: task.status as TaskStatus,
    due: typeof end === 'string' && /^\d{4}-\d{2}-\d{2}/.test(end) ? end.slice(0, 10) : undefined,
    owner: typeof owner === 'string' ? owner : undefined,
  };
}

const open = (subject: UpdateReminderSubject) => OPEN_MULTIDOSE_UPDATE_STATUSES.includes(subject.status);

/**
 * An open update Task reminds its owner at 08:00 Oslo on the working day before its due date (when that is
 * still ahead) and at 08:00 on the first working day after it; a completed or cancelled one has none.
 */
export function plannedUpdateReminders(subject: UpdateReminderSubject | undefined, now: Date): Array<{ kind: MultidoseReminderKind; at: Date }> {
  if (!subject || !subject.due || !subject.owner || !open(subject)) return [];
  const planned: Array<{ kind: MultidoseReminderKind; at: Date }> = [];
  const soon = dueSoonAt(subject.due);
  if (soon > now && !duePassed(subject.due, now)) planned.push({ kind: ReminderKind.MultidoseUpdateDueSoon, at: soon });
  planned.push({ kind: ReminderKind.MultidoseUpdateOverdue, at: overdueAt(subject.due) });
  return planned;
}

/** Whether a reminder planned for a due date is still owed when it fires: the same due date, still open, and (for "overdue") passed. */
export function stillOwed(kind: MultidoseReminderKind, due: string, subject: UpdateReminderSubject | undefined, now: Date): boolean {
  if (!subject || !subject.owner || subject.due !== due || !open(subject)) return false;
  return kind === ReminderKind.MultidoseUpdateDueSoon ? !duePassed(due, now) : duePassed(due, now);
}

/** What a reminder says: the due date, no patient. */
export function updateReminderText(kind: MultidoseReminderKind, due: string): { kind: NotificationKind; title: string; body: string } {
  const date = norwegianDate(due);
  return kind === ReminderKind.MultidoseUpdateDueSoon
    ? { kind: NotificationKind.MultidoseUpdateDeadline, title: 'Multidose: frist neste arbeidsdag for oppdatert legemiddelliste', body: `Send oppdatert legemiddelliste (M25.1) innen ${date}.` }
    : {
        kind: NotificationKind.MultidoseUpdateDeadline,
        title: 'Multidose: frist passert for oppdatert legemiddelliste',
        body: `Fristen for oppdatert legemiddelliste (M25.1) var ${date}. Apoteket pakker etter den gamle listen til den nye er sendt.`,
      };
}
