import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';
import { ReminderFiring, ReminderPlan, ReminderPlanner } from '../outbox/reminder-planner';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { referralChangeOf } from './referral-event';
import { REFERRAL_REMINDER_KINDS, ReferralReminderKind, plannedReferralReminders, referralReminderText, reminderSubjectOf, stillOwed } from './referral-reminders';

export interface ReferralReminderJob {
  kind: ReferralReminderKind;
  taskId: string;
  /** The deadline the reminder was planned for: a reminder for another deadline is not sent. */
  deadline: string;
  at: string;
}

/** One job id per Task and reminder: re-planning replaces it, an answer or an outcome removes it. */
export function referralReminderJobId(taskId: string, kind: ReferralReminderKind): string {
  return `reminder-referral-${taskId}-${kind}`;
}

/**
 * The referral workflow's deadline reminders: the hospital unit of a referral still unanswered after its
 * assessment deadline, the low-threshold service of a case due the next working day or still open after
 * its triage deadline. Planned when the referral or the case is created, re-planned at each of its moves,
 * dropped once answered or closed; only for referral and triage Tasks.
 */
@Injectable()
export class ReferralRemindersPlanner implements ReminderPlanner<ReferralReminderJob>, OnModuleInit {
  readonly name = 'referral and low-threshold reminders';
  readonly resourceType = 'Task';
  readonly kinds = REFERRAL_REMINDER_KINDS;

  constructor(private readonly planners: ReminderPlanners) {}

  onModuleInit(): void {
    this.planners.register(this);
  }

  /** Re-planned when a referral or triage Task is created or moves (the facts the workflow's rules add). */
  appliesTo(event: OutboxRow): boolean {
    return referralChangeOf(event) !== undefined;
  }

  plan(id: string, task: Resource | undefined, now: Date): ReminderPlan<ReferralReminderJob> | undefined {
    const subject = reminderSubjectOf(task);
    // Another workflow's Task is not ours to plan; a deleted one of ours keeps no reminders.
    if (task && !subject) return undefined;
    const deadline = subject?.deadline;
    return {
      subject: `Task/${id}`,
      // A Task's first version has had no reminders planned yet: nothing to take back.
      remove: task?.meta?.versionId !== '1' ? REFERRAL_REMINDER_KINDS.map((kind) => referralReminderJobId(id, kind)) : [],
      planned: plannedReferralReminders(subject, now).map((reminder) => ({
        jobId: referralReminderJobId(id, reminder.kind),
        job: { kind: reminder.kind, taskId: id, deadline: deadline!, at: reminder.at.toISOString() },
      })),
    };
  }

  clocksOf(id: string): Array<{ kind: string; jobId: string }> {
    return REFERRAL_REMINDER_KINDS.map((kind) => ({ kind, jobId: referralReminderJobId(id, kind) }));
  }

  subjectOf(job: ReferralReminderJob): string {
    return `Task/${job.taskId}`;
  }

  jobIdOf(job: ReferralReminderJob): string {
    return referralReminderJobId(job.taskId, job.kind);
  }

  fire(job: ReferralReminderJob, task: Resource | undefined, now: Date): ReminderFiring<ReferralReminderJob> {
    const subject = reminderSubjectOf(task);
    // Answered, closed, given another deadline or deleted meanwhile: nothing to remind of.
    if (!subject || !stillOwed(job.kind, job.deadline, subject, now)) return { notifications: [] };
    return {
      notifications: [{ key: `referral-${job.taskId}-${job.kind}-${job.deadline}`, draft: { recipient: subject.owner!, ...referralReminderText(job.kind, job.deadline, subject.urgent) } }],
    };
  }
}
