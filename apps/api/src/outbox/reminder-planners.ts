import { Injectable } from '@nestjs/common';
import { ReminderJob, ReminderPlanner } from './reminder-planner';

/**
 * The reminder planners workflows register (in `onModuleInit`). The reminders channel re-plans each from
 * the outbox events it takes and finds a job's planner by its kind when the job fires; it reads them from
 * here and names none.
 */
@Injectable()
export class ReminderPlanners {
  private readonly byKind = new Map<string, ReminderPlanner>();
  private readonly planners: ReminderPlanner[] = [];

  private readonly listeners: Array<(planner: ReminderPlanner) => void> = [];

  register<J extends ReminderJob>(planner: ReminderPlanner<J>): void {
    this.add(planner);
    for (const listener of this.listeners) listener(planner as unknown as ReminderPlanner);
  }

  /** Calls `listener` with every planner registered, before and after: how the reminders channel follows them. */
  whenRegistered(listener: (planner: ReminderPlanner) => void): void {
    this.listeners.push(listener);
    for (const planner of this.planners) listener(planner);
  }

  private add<J extends ReminderJob>(planner: ReminderPlanner<J>): void {
    const taken = planner.kinds.filter((kind) => this.byKind.has(kind));
    if (taken.length > 0) throw new Error(`reminder kinds ${taken.join(', ')} already belong to ${this.byKind.get(taken[0])!.name}`);
    for (const kind of planner.kinds) this.byKind.set(kind, planner as unknown as ReminderPlanner);
    this.planners.push(planner as unknown as ReminderPlanner);
  }

  /** The planner a job belongs to, by its kind. */
  ofJob(job: ReminderJob): ReminderPlanner | undefined {
    return this.byKind.get(job.kind);
  }

  /** The planners of a resource type, in the order registered. */
  ofResourceType(resourceType: string): ReminderPlanner[] {
    return this.planners.filter((planner) => planner.resourceType === resourceType);
  }
}
