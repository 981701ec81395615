import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { FhirModule } from '../fhir/fhir.module';
import { AppointmentLifecycleRule } from './appointment-lifecycle.rule';
import { AppointmentResponseRule } from './appointment-response.rule';
import { AvailabilityOwnerRule } from './availability-owner.rule';
import { ConsultationBookings } from './consultation-bookings';
import { ConsultationLoadModule } from './consultation-load/consultation-load.module';
import { ConsultationSchedulingModule } from './consultation-scheduling.module';

/**
 * Joint discharge consultations (FHIR Appointment, AppointmentResponse, Schedule, Slot): the lifecycle and
 * its answers on every write path, no practitioner booked twice, and who keeps which calendar.
 */
@Module({
  imports: [FhirModule, DirectoryModule, ConsultationLoadModule, ConsultationSchedulingModule],
  providers: [AppointmentLifecycleRule, AppointmentResponseRule, AvailabilityOwnerRule, ConsultationBookings],
})
export class ConsultationsModule {}
