import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { MultidoseLoadModule } from './multidose-load/multidose-load.module';

/** The worker side of e-multidose: notifications, reminders and the board panel. */
@Module({
  imports: [OutboxWorkersModule, MultidoseLoadModule],
  providers: [],
})
export class MultidoseWorkersModule {}
