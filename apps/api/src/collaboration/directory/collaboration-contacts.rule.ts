import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { CollaborationContactsProjection } from './collaboration-contacts.projection';
import { collaborationParties } from './collaboration-parties';

/**
 * Notes who works with whom whenever a Task, ServiceRequest or Appointment brings parties together, on every
 * path and in the write's transaction, for the directory's "recently collaborated with" ranking. A version
 * that keeps its parties (an accepted, started or completed Task) brings no one new together and costs the
 * write nothing.
 */
@Injectable()
export class CollaborationContactsRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly contacts: CollaborationContactsProjection,
  ) {}

  onModuleInit(): void {
    for (const type of ['Task', 'ServiceRequest', 'Appointment']) this.fhir.registerWriteRule(type, this);
  }

  appliesTo(resource: Resource): boolean {
    return collaborationParties(resource).length > 0;
  }

  async prepare(next: Resource): Promise<Resource> {
    return next;
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const parties = collaborationParties(stored.resource);
    if (parties.length === 0) return;
    const before = previous ? collaborationParties(previous.resource) : [];
    if (parties.every((party) => before.includes(party))) return;
    await this.contacts.note(context.client, parties);
  }
}
