import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { ConsultationRemindersPlanner } from './consultation-reminders.planner';

/** The worker side of joint consultations (FHIR Appointment): their participants' reminders. */
@Module({
  imports: [OutboxWorkersModule],
  providers: [ConsultationRemindersPlanner],
})
export class ConsultationWorkersModule {}
