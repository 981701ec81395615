import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { MultidoseLoadModule } from './multidose-load/multidose-load.module';
import { MultidoseNotificationsHandler } from './multidose-notifications.handler';
import { MultidoseRemindersPlanner } from './multidose-reminders.planner';

/** The worker side of e-multidose: notifications, reminders and the board panel. */
@Module({
  imports: [OutboxWorkersModule, MultidoseLoadModule],
  providers: [MultidoseNotificationsHandler, MultidoseRemindersPlanner],
})
export class MultidoseWorkersModule {}
