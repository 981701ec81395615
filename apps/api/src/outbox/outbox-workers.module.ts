import { Module } from '@nestjs/common';
import { DatabaseEpoch } from '../database/database-epoch';
import { OutboxHandlerRegistry } from './outbox-handler.registry';
import { OutboxMatchingProcessor } from './outbox-matching.processor';
import { OutboxRelay } from './outbox.relay';
import { OwedWorkRegistry } from './owed-work';
import { OwedWorkReconciler } from './owed-work.reconciler';
import { OwedChannels } from './owed-channels';
import { ReminderPlanners } from './reminder-planners';

/**
 * The worker side of the outbox: the relay to the matching queue, the one matcher that dispatches each
 * batch to the handlers features register, and the reconciler that queues again whatever stays owed
 * too long. It names no feature: handlers, reminder planners, delivery channels and owed work register
 * themselves through its registries.
 */
@Module({
  providers: [DatabaseEpoch, OutboxHandlerRegistry, OwedWorkRegistry, OwedChannels, ReminderPlanners, OutboxRelay, OutboxMatchingProcessor, OwedWorkReconciler],
  exports: [DatabaseEpoch, OutboxHandlerRegistry, OwedWorkRegistry, OwedChannels, ReminderPlanners],
})
export class OutboxWorkersModule {}
