import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FhirModule } from './fhir/fhir.module';
import { RedisModule } from './redis/redis.module';
import { TransfersModule } from './transfers/transfers.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { OutboxWorkersModule } from './outbox/outbox-workers.module';
import { NotificationWorkersModule } from './notifications/notification-workers.module';
import { SubscriptionWorkersModule } from './subscriptions/subscription-workers.module';
import { BoardWorkersModule } from './board/board-workers.module';
import { BoardMarkingHandler } from './board/board-marking.handler';
import { TransferWorkersModule } from './transfers/transfer-workers.module';
import { ConsultationWorkersModule } from './consultations/consultation-workers.module';
import { ReferralWorkersModule } from './referrals/referral-workers.module';
import { MultidoseWorkersModule } from './multidose/multidose-workers.module';
import { CollaborationWorkersModule } from './collaboration/collaboration-workers.module';

/**
 * The worker process: the same modules as the API, no HTTP. The outbox's relay, matcher and reconciler;
 * the delivery channels (in-app and live, Subscriptions, boards); and each workflow's worker side, which
 * registers its outbox handlers and reminder planners.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        FhirModule,
        TransfersModule,
        SubscriptionsModule,
        OutboxWorkersModule,
        NotificationWorkersModule,
        SubscriptionWorkersModule,
        BoardWorkersModule,
        TransferWorkersModule,
        ConsultationWorkersModule,
        ReferralWorkersModule,
        MultidoseWorkersModule,
        CollaborationWorkersModule,
      ],
      // Board marks are a handler of their own until the board's worker module registers it.
      providers: [BoardMarkingHandler],
    };
  }
}
