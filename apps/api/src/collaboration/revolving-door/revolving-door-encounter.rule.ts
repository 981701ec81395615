import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Resource, referenceOf, sameJson } from '@app/fhir';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { REVOLVING_DOOR_FACT } from './revolving-door-event';
import { RevolvingDoorCheck } from './revolving-door.check';

/** What of a stay the indicator reads: a write changing none of it cannot change who is a revolving-door patient. */
const STAY_FACTS = ['status', 'class', 'priority', 'period', 'subject', 'serviceProvider'] as const;

function stayFactsChanged(previous: Resource, next: Resource): boolean {
  return STAY_FACTS.some((element) => !sameJson(previous[element], next[element]));
}

/**
 * Checks every admission and discharge as it arrives (an Encounter written on any path: REST, a hand-over's
 * transaction or message, a bundle entry) against the patient's other stays in Bro, in the write's own
 * transaction: the Flag, the Task marks and the board's rows commit with the stay or not at all. Its facts
 * go into the Encounter's one outbox event, for the coordinator's prompt and the board.
 */
@Injectable()
export class RevolvingDoorEncounterRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly check: RevolvingDoorCheck,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Encounter', this);
  }

  async prepare(next: Resource): Promise<Resource> {
    return next;
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    if (this.config.revolvingDoorCheck === false) return;
    if (previous && !stayFactsChanged(previous.resource, stored.resource)) return;
    const patient = referenceOf(stored.resource.subject);
    if (!patient?.startsWith('Patient/')) return;
    const facts = await this.check.stayChanged(context.client, stored.resource, patient, previous === undefined);
    if (facts) context.eventFacts[REVOLVING_DOOR_FACT] = facts;
  }
}
