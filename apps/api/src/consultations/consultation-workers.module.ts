import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { ConsultationLoadModule } from './consultation-load/consultation-load.module';
import { ConsultationNotificationsHandler } from './consultation-notifications.handler';
import { ConsultationRemindersPlanner } from './consultation-reminders.planner';
import { ConsultationSlotsWorkersModule } from './consultation-slots-workers.module';

/** The worker side of joint consultations (FHIR Appointment): their participants' notifications and reminders, and
 * their board panel (the board's publisher runs here). */
@Module({
  imports: [OutboxWorkersModule, ConsultationLoadModule, ConsultationSlotsWorkersModule],
  providers: [ConsultationNotificationsHandler, ConsultationRemindersPlanner],
})
export class ConsultationWorkersModule {}
