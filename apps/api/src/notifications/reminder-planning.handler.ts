import { Resource } from '@app/fhir';
import { FhirService } from '../fhir/fhir.service';
import { OutboxHandler } from '../outbox/outbox-handler';
import { OutboxRow } from '../outbox/outbox-row';
import { OwedByBatch } from '../outbox/owed-by-batch';
import { ReminderPlan, ReminderPlanner } from '../outbox/reminder-planner';
import { RemindersChannel } from '../outbox/reminders.channel';

/**
 * Re-plans one planner's reminders from the outbox events it takes. Reminders follow the resource as it
 * is now, not as the event says: events are matched concurrently, and a task "accepted" matched after
 * "completed" must not bring its reminders back.
 */
export class ReminderPlanningHandler implements OutboxHandler {
  constructor(
    private readonly planner: ReminderPlanner,
    private readonly fhir: FhirService,
  ) {}

  appliesTo(event: OutboxRow): boolean {
    return !this.planner.appliesTo || this.planner.appliesTo(event);
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    const ids = [...new Set(events.map((event) => event.resource_id).filter((id): id is string => !!id))];
    if (ids.length === 0) return;
    // One search for the batch (a deleted one is absent).
    const current = new Map((await this.fhir.matchAmong(this.planner.resourceType, [], ids)).map((resource: Resource) => [resource.id!, resource]));
    const now = new Date();
    const plans = ids.map((id) => this.planner.plan(id, current.get(id), now)).filter((plan): plan is ReminderPlan => plan !== undefined);
    owed.of(RemindersChannel).plan(plans);
  }
}
