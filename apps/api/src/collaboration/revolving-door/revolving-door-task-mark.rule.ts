import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { REPLACES_TASK_EXTENSION, REVOLVING_DOOR_TASK_EXTENSION, Resource, TaskKind, extensionOf, referenceOf, taskKindOf, withExtension } from '@app/fhir';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { REVOLVING_DOOR_FLAG_TOKEN, RevolvingDoorCheck } from './revolving-door.check';

/**
 * The mark on a hand-over Task whose stay is a revolving-door readmission (`urn:bro:extension:revolving-door`,
 * naming the Flag), which the GP's inbox and the coordinator's hand-over list show. A hand-over's Tasks are
 * written after its Encounter in the same transaction, so the Flag raised for the stay is there to be found
 * when each Task is created. The mark is Bro's: whatever a client sends, a new Task gets it from the Flag and a
 * changed one keeps the stored mark (Bro's own writes, which move it when a Flag is raised or lowered later,
 * carry it as they mean it).
 */
@Injectable()
export class RevolvingDoorTaskMarkRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly check: RevolvingDoorCheck,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Task', this);
  }

  appliesTo(task: Resource): boolean {
    const kind = taskKindOf(task);
    return kind === undefined || kind === TaskKind.DischargeFollowUp;
  }

  async prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    // With the check off (only to measure it) nothing is flagged, so nothing is marked either.
    if (!context.actor || this.config.revolvingDoorCheck === false) return next;
    if (previous) {
      const { url: _url, ...stored } = extensionOf(previous.resource, REVOLVING_DOOR_TASK_EXTENSION) ?? { url: '' };
      return withExtension(next, REVOLVING_DOOR_TASK_EXTENSION, Object.keys(stored).length ? stored : undefined);
    }
    // A successor Bro's own task service builds from the task it replaces carries that task's mark already.
    if (context.decidedByService && extensionOf(next, REPLACES_TASK_EXTENSION)) return next;
    const encounter = referenceOf(next.encounter);
    if (!encounter?.startsWith('Encounter/')) return withExtension(next, REVOLVING_DOOR_TASK_EXTENSION, undefined);
    // The hand-over's Encounter was checked a moment ago in this transaction: its answer stands.
    const decided = this.check.decidedFlagOf(context.client, encounter);
    if (decided !== undefined) return withExtension(next, REVOLVING_DOOR_TASK_EXTENSION, decided ? { valueReference: { reference: decided } } : undefined);
    const { rows } = await context.client.query<{ id: string }>(
      `SELECT id FROM fhir_flag WHERE sp_encounter = $1 AND sp_code @> ARRAY[$2] AND sp_status = 'active' LIMIT 1`,
      [encounter, REVOLVING_DOOR_FLAG_TOKEN],
      { prepared: true },
    );
    return withExtension(next, REVOLVING_DOOR_TASK_EXTENSION, rows[0] ? { valueReference: { reference: `Flag/${rows[0].id}` } } : undefined);
  }
}
