import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource, TASK_CATEGORY_SYSTEM, TaskKind, codeIn, referenceOf, taskKindOf } from '@app/fhir';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { MultidoseEpisodes } from './multidose-episodes';

/** Hand-over categories that change what the patient takes: a new prescription or dose, an adjustment or tapering. */
const MEDICATION_CHANGE_CATEGORIES = ['RESEPT-NY', 'MED-JUST'];

function isMedicationChangeTask(task: Resource): boolean {
  const kind = taskKindOf(task);
  return (kind === undefined || kind === TaskKind.DischargeFollowUp) && MEDICATION_CHANGE_CATEGORIES.includes(codeIn(task.businessStatus, TASK_CATEGORY_SYSTEM) ?? '');
}

/**
 * A discharge hand-over that changes a multidose patient's medication (a hand-over Task of category
 * RESEPT-NY or MED-JUST, or a MedicationStatement from the stay) makes the change pending and gives the
 * responsible doctor an update Task, in the hand-over's own transaction: both or neither.
 */
@Injectable()
export class DischargeMedicationChangeRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly episodes: MultidoseEpisodes,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Task', this);
    this.fhir.registerWriteRule('MedicationStatement', this);
  }

  appliesTo(resource: Resource): boolean {
    if (resource.resourceType === 'Task') return isMedicationChangeTask(resource);
    return resource.resourceType === 'MedicationStatement' && referenceOf(resource.context)?.startsWith('Encounter/') === true;
  }

  async prepare(next: Resource): Promise<Resource> {
    return next;
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const resource = stored.resource;
    const isTask = resource.resourceType === 'Task';
    // A change counts once, when it is handed over: a Task created as requested (or sent from draft), a statement when written.
    if (isTask ? resource.status !== 'requested' || (previous !== undefined && previous.resource.status !== 'draft') : previous !== undefined) return;
    await this.episodes.medicationChanged(context.client, {
      patient: referenceOf(isTask ? resource.for : resource.subject) ?? '',
      changed: `${resource.resourceType}/${resource.id}`,
      requester: isTask ? resource.requester : undefined,
      encounter: isTask ? resource.encounter : resource.context,
    });
  }
}
