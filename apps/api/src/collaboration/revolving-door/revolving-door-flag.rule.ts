import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource, isRevolvingDoorFlag } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';

const BRO_ONLY = 'revolving-door flags (urn:bro:flag|revolving-door) are raised and lowered by Bro from the stays it holds; no one writes or deletes them';

/**
 * A revolving-door Flag says what Bro found in the stays it holds, so only Bro writes one: a client's create,
 * update, patch or delete of one is refused (403) on every path, and asked of the stored version too, so
 * rewriting the code does not escape it. Other Flags are the patient's like any record and left alone.
 */
@Injectable()
export class RevolvingDoorFlagRule implements ResourceWriteRule, OnModuleInit {
  constructor(private readonly fhir: FhirService) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Flag', this);
  }

  appliesTo(resource: Resource): boolean {
    return isRevolvingDoorFlag(resource);
  }

  async prepare(next: Resource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    if (context.actor) throw DomainError.forbidden(BRO_ONLY);
    return next;
  }

  async beforeDelete(_current: StoredResource, context: WriteRuleContext): Promise<void> {
    if (context.actor) throw DomainError.forbidden(BRO_ONLY);
  }
}
