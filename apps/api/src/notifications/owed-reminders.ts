import { OneStatement } from '../database/one-statement';
import { AfterCommit } from '../outbox/owed-by-batch';
import { ReminderPlan } from '../outbox/reminder-planner';
import { OwedReminderPlans } from '../outbox/reminders.channel';

/** What the reminders' ledger and queue do with a batch's plans (the ReminderScheduler). */
export interface ReminderPlans {
  recordClause(statement: OneStatement, plans: ReminderPlan[]): void;
  apply(plans: ReminderPlan[]): Promise<void>;
}

/**
 * The reminders a batch of outbox events plans, from every planner: owed in the batch's statement, their
 * alarm clocks set once people and systems have been served (reminders are days away).
 */
export class OwedReminders implements OwedReminderPlans {
  readonly after = AfterCommit.Then;
  private readonly plans: ReminderPlan[] = [];

  constructor(private readonly scheduler: ReminderPlans) {}

  plan(plans: ReminderPlan[]): void {
    this.plans.push(...plans);
  }

  record(statement: OneStatement): undefined {
    this.scheduler.recordClause(statement, this.plans);
    return undefined;
  }

  committed(): Promise<void> {
    return this.scheduler.apply(this.plans);
  }
}
