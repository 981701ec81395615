import { NotificationKind, OPEN_TRIAGE_STATUSES, ReminderKind, Resource, TaskKind, TaskStatus, UNANSWERED_REFERRAL_STATUSES, taskKindOf } from '@app/fhir';
import { addDays } from '../common/calendar/oslo-calendar';
import { isWorkingDay } from '../common/calendar/working-days';
import { norwegianDate } from './referral-notifications';

export type ReferralReminderKind = `${ReminderKind.ReferralAssessmentOverdue}` | `${ReminderKind.TriageDueSoon}` | `${ReminderKind.TriageOverdue}`;

export const REFERRAL_REMINDER_KINDS: ReferralReminderKind[] = [ReminderKind.ReferralAssessmentOverdue, ReminderKind.TriageDueSoon, ReminderKind.TriageOverdue];

export interface PlannedReferralReminder {
  kind: ReferralReminderKind;
  at: Date;
}

/** Reminders come at the start of the working day, when someone is there to act on them. */
const REMINDER_TIME = '08:00:00';

/** A wall-clock time on a calendar date in Bergen, as an instant (summer and winter time alike). */
export function inOslo(date: string, time = REMINDER_TIME): Date {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Oslo', timeZoneName: 'shortOffset' })
    .formatToParts(noonUtc)
    .find((part) => part.type === 'timeZoneName')!
    .value.replace('GMT', '');
  const [hours, minutes = '0'] = (offset || '+0').split(':');
  const sign = hours.startsWith('-') ? '-' : '+';
  return new Date(`${date}T${time}${sign}${String(Math.abs(Number(hours))).padStart(2, '0')}:${minutes.padStart(2, '0')}`);
}

/** The first working day after a date. */
export function nextWorkingDay(date: string): string {
  let day = addDays(date, 1);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** The last working day before a date. */
export function previousWorkingDay(date: string): string {
  let day = addDays(date, -1);
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/**
 * A deadline day D (an Oslo date) has passed from the start of D + 1 in Oslo: the flag and the board
 * count it from then. The reminder comes the first working morning after D, when the unit or the
 * service is there to act on it (a Friday deadline reminds on Monday, or Tuesday after Easter Monday).
 */
export function overdueReminderAt(deadline: string): Date {
  return inOslo(nextWorkingDay(deadline));
}

/** Whether a deadline (YYYY-MM-DD, Oslo) has passed at an instant. */
export function deadlinePassed(deadline: string, now: Date): boolean {
  return now >= inOslo(addDays(deadline, 1), '00:00:00');
}

/** What a referral or triage Task's reminders are planned from; undefined for a Task of another workflow. */
export interface ReminderSubject {
  kind: TaskKind.ReferralFulfilment | TaskKind.LowThresholdTriage;
  status: TaskStatus;
  deadline: string | undefined;
  /** Whom the reminders tell: the hospital unit that owns the referral, the service that owns the case. */
  owner: string | undefined;
  urgent: boolean;
}

export function reminderSubjectOf(task: Resource | undefined): ReminderSubject | undefined {
  if (!task || task.resourceType !== 'Task') return undefined;
  const kind = taskKindOf(task);
  if (kind !== TaskKind.ReferralFulfilment && kind !== TaskKind.LowThresholdTriage) return undefined;
  const end = (task.restriction as { period?: { end?: unknown } } | undefined)?.period?.end;
  const owner = (task.owner as { reference?: unknown } | undefined)?.reference;
  return {
    kind,
    status: task.status as TaskStatus,
    deadline: typeof end === 'string' && /^\d{4}-\d{2}-\d{2}/.test(end) ? end.slice(0, 10) : undefined,
    owner: typeof owner === 'string' ? owner : undefined,
    urgent: ['urgent', 'asap', 'stat'].includes(task.priority as string),
  };
}

/** Whether the reminders of a subject still apply: an unanswered referral, an open case. */
function waiting(subject: ReminderSubject): boolean {
  return subject.kind === TaskKind.ReferralFulfilment ? UNANSWERED_REFERRAL_STATUSES.includes(subject.status) : OPEN_TRIAGE_STATUSES.includes(subject.status);
}

/**
 * The reminders a referral or a low-threshold case gets as it is now: an unanswered referral reminds
 * its hospital unit once its assessment deadline has passed; an open case reminds its service the
 * working day before its triage deadline (if still ahead) and once the deadline has passed.
 */
export function plannedReferralReminders(subject: ReminderSubject | undefined, now: Date): PlannedReferralReminder[] {
  if (!subject || !subject.deadline || !subject.owner || !waiting(subject)) return [];
  if (subject.kind === TaskKind.ReferralFulfilment) return [{ kind: ReminderKind.ReferralAssessmentOverdue, at: overdueReminderAt(subject.deadline) }];
  const planned: PlannedReferralReminder[] = [];
  const dueSoon = inOslo(previousWorkingDay(subject.deadline));
  if (dueSoon > now) planned.push({ kind: ReminderKind.TriageDueSoon, at: dueSoon });
  planned.push({ kind: ReminderKind.TriageOverdue, at: overdueReminderAt(subject.deadline) });
  return planned;
}

/** Whether a reminder planned for a deadline is still owed when it fires: the same deadline, still waiting, and (for "overdue") passed. */
export function stillOwed(kind: ReferralReminderKind, deadline: string, subject: ReminderSubject | undefined, now: Date): boolean {
  if (!subject || !subject.owner || subject.deadline !== deadline || !waiting(subject)) return false;
  const expected = kind === ReminderKind.ReferralAssessmentOverdue ? TaskKind.ReferralFulfilment : TaskKind.LowThresholdTriage;
  if (subject.kind !== expected) return false;
  return kind === ReminderKind.TriageDueSoon ? !deadlinePassed(deadline, now) : deadlinePassed(deadline, now);
}

/** What a reminder says: no patient, the deadline, and for the service whether the case is urgent. */
export function referralReminderText(kind: ReferralReminderKind, deadline: string, urgent: boolean): { kind: NotificationKind; title: string; body: string } {
  const date = norwegianDate(deadline);
  const flag = urgent ? ' (haster)' : '';
  switch (kind) {
    case ReminderKind.ReferralAssessmentOverdue:
      return { kind: NotificationKind.ReferralOverdue, title: `Vurderingsfrist passert – henvisning uten svar${flag}`, body: `Fristen for å vurdere henvisningen var ${date}.` };
    case ReminderKind.TriageDueSoon:
      return { kind: NotificationKind.TriageDeadline, title: `Frist neste arbeidsdag – sak i lavterskeltilbudet${flag}`, body: `Fristen for vurdering er ${date}.` };
    default:
      return { kind: NotificationKind.TriageDeadline, title: `Frist passert – sak i lavterskeltilbudet${flag}`, body: `Fristen for vurdering var ${date}.` };
  }
}
