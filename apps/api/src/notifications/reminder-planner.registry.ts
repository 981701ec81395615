import { ReminderJob, ReminderPlanner } from './reminder-planner';

/** The registered reminder planners, found by the kinds of reminder they plan and by resource type. */
export class ReminderPlannerRegistry {
  private readonly byKind = new Map<string, ReminderPlanner>();
  private readonly planners: ReminderPlanner[] = [];

  add<J extends ReminderJob>(planner: ReminderPlanner<J>): void {
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
