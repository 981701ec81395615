import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReminderKind, Resource } from '@app/fhir';
import { ReminderFiring, ReminderPlan, ReminderPlanner } from '../outbox/reminder-planner';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { AppointmentReminderKind, appointmentReminderRecipients, appointmentReminderText, plannedAppointmentReminders } from './appointment-reminders';

export interface AppointmentReminderJob {
  kind: AppointmentReminderKind;
  appointmentId: string;
  /** The start the reminder was planned for: a reminder for a moved consultation is not sent. */
  start: string;
  at: string;
}

const KINDS: AppointmentReminderKind[] = [ReminderKind.ConsultationDayBefore, ReminderKind.ConsultationHourBefore];

/** One job id per appointment and reminder: re-planning replaces it, cancelling the consultation removes it. */
export function appointmentReminderJobId(appointmentId: string, kind: AppointmentReminderKind): string {
  return `reminder-appointment-${appointmentId}-${kind}`;
}

/**
 * A joint consultation's reminders to its participants, a day and an hour before it starts: planned when
 * it is booked, moved with its start, removed when it is cancelled or deleted.
 */
@Injectable()
export class ConsultationRemindersPlanner implements ReminderPlanner<AppointmentReminderJob>, OnModuleInit {
  readonly name = 'joint consultation reminders';
  readonly resourceType = 'Appointment';
  readonly kinds = KINDS;

  constructor(private readonly planners: ReminderPlanners) {}

  onModuleInit(): void {
    this.planners.register(this);
  }

  plan(appointmentId: string, appointment: Resource | undefined, now: Date): ReminderPlan<AppointmentReminderJob> {
    const start = appointment?.start as string | undefined;
    const planned = appointment ? plannedAppointmentReminders(appointment.status as string | undefined, start, now) : [];
    return {
      subject: `Appointment/${appointmentId}`,
      remove: KINDS.map((kind) => appointmentReminderJobId(appointmentId, kind)),
      planned: planned.map((reminder) => ({ jobId: appointmentReminderJobId(appointmentId, reminder.kind), job: { appointmentId, kind: reminder.kind, start: start!, at: reminder.at.toISOString() } })),
    };
  }

  clocksOf(appointmentId: string): Array<{ kind: string; jobId: string }> {
    return KINDS.map((kind) => ({ kind, jobId: appointmentReminderJobId(appointmentId, kind) }));
  }

  subjectOf(job: AppointmentReminderJob): string {
    return `Appointment/${job.appointmentId}`;
  }

  jobIdOf(job: AppointmentReminderJob): string {
    return appointmentReminderJobId(job.appointmentId, job.kind);
  }

  fire(job: AppointmentReminderJob, appointment: Resource | undefined, now: Date): ReminderFiring<AppointmentReminderJob> {
    const { appointmentId, kind, start } = job;
    // Cancelled, moved or begun meanwhile: nothing to remind of (a moved consultation has reminders of its own).
    if (!appointment || appointment.status !== 'booked' || appointment.start !== start || new Date(start) <= now) return { notifications: [] };
    const text = appointmentReminderText(kind, start);
    return { notifications: appointmentReminderRecipients(appointment).map((recipient) => ({ key: `appointment-${appointmentId}-${kind}-${start}`, draft: { recipient, ...text } })) };
  }
}
