import { OwedChannel, OwedEffect } from './owed-by-batch';
import { ReminderPlan } from './reminder-planner';

/** A batch's reminder plans, from every planner: owed with the batch, their alarm clocks set after it. */
export interface OwedReminderPlans extends OwedEffect {
  plan(plans: ReminderPlan[]): void;
}

/** Reminders, as the planning handlers see them; the notifications module provides them (the ReminderScheduler). */
export abstract class RemindersChannel implements OwedChannel<OwedReminderPlans> {
  abstract open(): OwedReminderPlans;
}
