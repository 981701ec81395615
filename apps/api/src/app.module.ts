import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { SecurityModule } from './security/security.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FhirModule } from './fhir/fhir.module';
import { HealthModule } from './health/health.module';
import { RedisModule } from './redis/redis.module';
import { TransfersModule } from './transfers/transfers.module';
import { ConsultationsModule } from './consultations/consultations.module';
import { ReferralsModule } from './referrals/referrals.module';
import { MultidoseModule } from './multidose/multidose.module';
import { CollaborationModule } from './collaboration/collaboration.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { WebsocketSubscriptionsModule } from './subscriptions/websocket-subscriptions.module';
import { AuditReportsModule } from './privacy/audit-reports.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpsModule } from './ops/ops.module';
import { BoardModule } from './board/board.module';
import { PatientDataModule } from './audit/patient-data.module';

/** The HTTP process: the FHIR facade, the /api endpoints, health, and the websockets (/live, /board, websocket Subscriptions). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule, AuthModule, SecurityModule, HealthModule, FhirModule, TransfersModule, ConsultationsModule, ReferralsModule, MultidoseModule, CollaborationModule, AuditReportsModule, NotificationsModule, OpsModule, SubscriptionsModule, WebsocketSubscriptionsModule, BoardModule, PatientDataModule],
    };
  }
}
