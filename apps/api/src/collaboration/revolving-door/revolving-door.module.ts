import { Module } from '@nestjs/common';
import { FhirModule } from '../../fhir/fhir.module';
import { RevolvingDoorLoadModule } from '../revolving-door-load/revolving-door-load.module';
import { RevolvingDoorEncounterRule } from './revolving-door-encounter.rule';
import { RevolvingDoorFlagRule } from './revolving-door-flag.rule';
import { RevolvingDoorTaskMarkRule } from './revolving-door-task-mark.rule';
import { RevolvingDoorCheck } from './revolving-door.check';

/** Revolving-door patients: the check on every admission and discharge, the Flag's guard and the hand-over mark. */
@Module({
  imports: [FhirModule, RevolvingDoorLoadModule],
  providers: [RevolvingDoorCheck, RevolvingDoorEncounterRule, RevolvingDoorFlagRule, RevolvingDoorTaskMarkRule],
})
export class RevolvingDoorModule {}
