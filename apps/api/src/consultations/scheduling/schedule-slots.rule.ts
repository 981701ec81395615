import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { RECURRING_AVAILABILITY_EXTENSION, recurringAvailabilitiesOf } from '../availability/recurring-availability';
import { ScheduleSlotsPlanner } from './schedule-slots.planner';

function hasRecurringAvailability(resource: Resource): boolean {
  return Array.isArray(resource.extension) && (resource.extension as Array<{ url?: string }>).some((extension) => extension?.url === RECURRING_AVAILABILITY_EXTENSION);
}

/**
 * A Schedule with recurring availability gets its free Slots in the same transaction as the write (tens of
 * Slots, in two statements), on every path that writes it: a rule that cannot be read is refused (422)
 * rather than stored and silently giving no time; a rule removed withdraws the free Slots it gave.
 */
@Injectable()
export class ScheduleSlotsRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly planner: ScheduleSlotsPlanner,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Schedule', this);
  }

  appliesTo(resource: Resource): boolean {
    return hasRecurringAvailability(resource);
  }

  prepare(next: Resource): Promise<Resource> {
    const parsed = recurringAvailabilitiesOf(next as { extension?: unknown });
    if ('problem' in parsed) return Promise.reject(DomainError.unprocessable(parsed.problem, 'Schedule.extension'));
    return Promise.resolve(next);
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const sync = await this.planner.sync(context.client, stored.resource);
    context.eventFacts.slots = sync;
  }

  async beforeDelete(current: StoredResource, context: WriteRuleContext): Promise<void> {
    // The rule goes with its Schedule: its free Slots go too, so only Slots someone made busy hold the delete up.
    await this.planner.sync(context.client, { ...current.resource, extension: [] });
  }
}
