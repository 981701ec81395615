import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../../outbox/outbox-workers.module';
import { RevolvingDoorLoadModule } from '../revolving-door-load/revolving-door-load.module';
import { RevolvingDoorNotificationsHandler } from './revolving-door-notifications.handler';

/** The worker side of revolving-door patients: the coordinator's prompt and the board panel. */
@Module({
  imports: [OutboxWorkersModule, RevolvingDoorLoadModule],
  providers: [RevolvingDoorNotificationsHandler],
})
export class RevolvingDoorWorkersModule {}
