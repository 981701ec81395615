import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { DirectoryEntriesProjection } from './directory-entries.projection';

/** What the directory's entries are made of: the entries themselves, a person's name, and the addresses they show. */
export const DIRECTORY_SOURCE_TYPES = ['Organization', 'HealthcareService', 'PractitionerRole', 'Practitioner', 'Endpoint'] as const;

/**
 * Re-projects the directory on every path that writes or deletes one of its resources (REST, PATCH,
 * bundles, the registry import), in the write's transaction: a search right after a write finds it.
 */
@Injectable()
export class DirectoryEntriesRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly projection: DirectoryEntriesProjection,
  ) {}

  onModuleInit(): void {
    for (const type of DIRECTORY_SOURCE_TYPES) this.fhir.registerWriteRule(type, this);
  }

  async prepare(next: Resource): Promise<Resource> {
    return next;
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    await this.projection.refresh(context.client, `${stored.resource.resourceType}/${stored.resource.id}`);
  }

  /** Batched at commit, so the projection runs after the delete and drops the entry. */
  async beforeDelete(current: StoredResource, context: WriteRuleContext): Promise<void> {
    await this.projection.refresh(context.client, `${current.resource.resourceType}/${current.resource.id}`);
  }
}
