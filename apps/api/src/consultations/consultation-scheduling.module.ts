import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { ConsultationOutcomeService } from './outcome/consultation-outcome.service';
import { ConsultationAnswerService } from './planner/consultation-answer.service';
import { ConsultationCancelService } from './planner/consultation-cancel.service';
import { ConsultationListQuery } from './planner/consultation-list.query';
import { ConsultationProposalService } from './planner/consultation-proposal.service';
import { ConsultationsController } from './planner/consultations.controller';
import { AppointmentFindOperation } from './scheduling/appointment-find.operation';
import { ConsultationTimesService } from './scheduling/consultation-times.service';
import { PractitionerAvailabilityQuery } from './scheduling/practitioner-availability.query';
import { ScheduleSlotsPlanner } from './scheduling/schedule-slots.planner';
import { ScheduleSlotsRule } from './scheduling/schedule-slots.rule';

/**
 * Planning consultations: Slots from the Schedules' rules, `Appointment/$find`, the planner's and the GP's
 * /api endpoints (propose, answer, cancel, lists) and recording the outcome.
 */
@Module({
  imports: [FhirModule],
  controllers: [ConsultationsController],
  providers: [
    ScheduleSlotsPlanner,
    ScheduleSlotsRule,
    PractitionerAvailabilityQuery,
    ConsultationTimesService,
    AppointmentFindOperation,
    ConsultationListQuery,
    ConsultationProposalService,
    ConsultationAnswerService,
    ConsultationOutcomeService,
    ConsultationCancelService,
  ],
  exports: [ScheduleSlotsPlanner],
})
export class ConsultationSchedulingModule {}
