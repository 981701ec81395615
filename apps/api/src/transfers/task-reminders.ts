import { NotificationKind, OPEN_TASK_STATUSES, ReminderKind, TaskStatus } from '@app/fhir';
import { categoryName } from './task-notifications';
import { addDays } from '../common/calendar/oslo-calendar';

export type TaskReminderKind = `${ReminderKind.TaskDueSoon}` | `${ReminderKind.TaskOverdue}`;

export interface PlannedReminder {
  kind: TaskReminderKind;
  /** Which overdue reminder (0 the day after the due date, then one a week). */
  round: number;
  at: Date;
}

const REMINDER_HOUR = '08:00:00';

/** 08:00 in Bergen on a calendar date, as an instant (summer and winter time alike). */
export function morningInBergen(date: string): Date {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Oslo', timeZoneName: 'shortOffset' })
    .formatToParts(noonUtc)
    .find((part) => part.type === 'timeZoneName')!
    .value.replace('GMT', '');
  const [hours, minutes = '0'] = offset.split(':');
  const sign = hours.startsWith('-') ? '-' : '+';
  const hh = String(Math.abs(Number(hours))).padStart(2, '0');
  return new Date(`${date}T${REMINDER_HOUR}${sign}${hh}:${minutes.padStart(2, '0')}`);
}

/**
 * The reminders an open task with a due date gets: the morning before it is due (if still ahead), and
 * the morning after, if it is still open then (later ones a week apart, planned as each one fires).
 */
export function plannedTaskReminders(status: string, due: string | undefined, now: Date): PlannedReminder[] {
  if (!OPEN_TASK_STATUSES.includes(status as TaskStatus) || !due) return [];
  const planned: PlannedReminder[] = [];
  const dueSoon = morningInBergen(addDays(due.slice(0, 10), -1));
  if (dueSoon > now) planned.push({ kind: ReminderKind.TaskDueSoon, round: 0, at: dueSoon });
  planned.push({ kind: ReminderKind.TaskOverdue, round: 0, at: morningInBergen(addDays(due.slice(0, 10), 1)) });
  return planned;
}

const WEEK = 7 * 24 * 3_600_000;

/** The next weekly overdue reminder: a week after the last one, or the next weekly slot after now (no catching up). */
export function nextOverdueReminder(previous: PlannedReminder, now = new Date()): PlannedReminder {
  let at = previous.at.getTime() + WEEK;
  if (at <= now.getTime()) at += Math.ceil((now.getTime() - at) / WEEK) * WEEK;
  return { kind: ReminderKind.TaskOverdue, round: previous.round + 1, at: new Date(at) };
}

export function reminderText(kind: TaskReminderKind, category: string | undefined, due: string): { kind: NotificationKind; title: string; body: string } {
  const what = categoryName(category);
  return kind === ReminderKind.TaskDueSoon
    ? { kind: NotificationKind.TaskDueSoon, title: `Frist i morgen – ${what}`, body: `Fristen er ${due}.` }
    : { kind: NotificationKind.TaskOverdue, title: `Frist passert – ${what}`, body: `Fristen var ${due}.` };
}
