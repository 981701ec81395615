import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource, isOpenTriageStatus, patientObjectsToContact, TaskStatus } from '@app/fhir';
import { FhirService } from '../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';
import { ReferralCaseProjection } from './referral-case.projection';

/** Why Bro closed a low-threshold case itself (Task.statusReason.text). */
export const OBJECTION_CLOSES_CASE = 'Pasienten ønsker ikke kontakt fra lavterskeltilbudet';

/**
 * The patient's objection to contact, honoured when it comes after the referral was sent: when the
 * referral's ServiceRequest is changed to say the patient objects, an open low-threshold case for it is
 * cancelled by Bro in the same transaction (a cancelled case leaves the service's view), and the referral
 * is counted as objected. A later change of mind does not route a rejection again: the GP refers anew.
 */
@Injectable()
export class ReferralObjectionRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly cases: ReferralCaseProjection,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('ServiceRequest', this);
  }

  async prepare(next: Resource): Promise<Resource> {
    return next;
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    if (!previous || !patientObjectsToContact(stored.resource) || patientObjectsToContact(previous.resource)) return;
    const objected = await this.cases.recordObjection(context.client, stored.resource.id!);
    for (const row of objected) {
      if (!row.triage_task_id || !row.triage_status || !isOpenTriageStatus(row.triage_status as TaskStatus)) continue;
      const triage = await this.fhir.readForUpdate('Task', row.triage_task_id, { client: context.client });
      if (!triage) continue;
      await this.fhir.update(
        'Task',
        row.triage_task_id,
        { ...triage.resource, status: 'cancelled', statusReason: { text: OBJECTION_CLOSES_CASE } },
        { client: context.client, current: triage, ifMatch: triage.versionId, decidedByService: true },
      );
    }
  }
}
