import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { ScheduleSlotsPlanner } from './scheduling/schedule-slots.planner';
import { SlotHorizonExtender } from './scheduling/slot-horizon.extender';

/** The worker side of consultation calendars: each Schedule's free Slots rolled forward daily. */
@Module({
  imports: [FhirModule],
  providers: [ScheduleSlotsPlanner, SlotHorizonExtender],
  exports: [SlotHorizonExtender],
})
export class ConsultationSlotsWorkersModule {}
