import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource, isJointDischargeConsultation } from '@app/fhir';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { ConsultationLoadProjection } from './consultation-load.projection';

/**
 * Re-projects a joint consultation into `consultation_load` on every path that writes or deletes it,
 * in the write's transaction. A rule of its own beside the lifecycle rule (every rule that applies
 * runs), so the board's projection and the lifecycle each stay one idea.
 */
@Injectable()
export class ConsultationLoadRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly projection: ConsultationLoadProjection,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Appointment', this);
  }

  appliesTo(resource: Resource): boolean {
    return isJointDischargeConsultation(resource as { serviceType?: unknown });
  }

  async prepare(next: Resource): Promise<Resource> {
    return next;
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    await this.projection.refresh(context.client, stored.resource.id as string);
  }

  /** Batched at commit, so the projection runs after the delete and drops the row. */
  async beforeDelete(current: StoredResource, context: WriteRuleContext): Promise<void> {
    await this.projection.refresh(context.client, current.resource.id as string);
  }
}
