import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FhirModule } from './fhir/fhir.module';
import { RedisModule } from './redis/redis.module';
import { TransfersModule } from './transfers/transfers.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { NotificationWorkersModule } from './notifications/notification-workers.module';

/** The worker process: the same modules as the API, no HTTP. Queue processors register here. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, FhirModule, TransfersModule, NotificationWorkersModule, SubscriptionsModule] };
  }
}
