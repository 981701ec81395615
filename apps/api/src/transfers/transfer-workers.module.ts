import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { TaskNotificationsHandler } from './task-notifications.handler';
import { InformationMessageNotificationsHandler } from './information-requests/information-message-notifications.handler';
import { TaskRemindersPlanner } from './task-reminders.planner';

/** The worker side of discharge task transfer: what a discharge task's changes tell people, and its reminders. */
@Module({
  imports: [OutboxWorkersModule],
  providers: [TaskNotificationsHandler, InformationMessageNotificationsHandler, TaskRemindersPlanner],
})
export class TransferWorkersModule {}
