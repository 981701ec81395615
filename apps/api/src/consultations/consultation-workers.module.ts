import { Module } from '@nestjs/common';
import { NotificationWorkersModule } from '../notifications/notification-workers.module';
import { ConsultationRemindersPlanner } from './consultation-reminders.planner';

/** The worker side of joint consultations (FHIR Appointment): their participants' reminders. */
@Module({
  imports: [NotificationWorkersModule],
  providers: [ConsultationRemindersPlanner],
})
export class ConsultationWorkersModule {}
