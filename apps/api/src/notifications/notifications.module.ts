import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DirectoryModule } from '../directory/directory.module';
import { LiveGateway } from './live.gateway';
import { NotificationStore } from './notification.store';
import { NotificationsController } from './notifications.controller';
import { NotificationSubjects } from './notification-subjects';
import { FhirModule } from '../fhir/fhir.module';

/** The API side of notifications: the bell's endpoints and the live socket. */
@Module({ imports: [AuthModule, DirectoryModule, FhirModule], controllers: [NotificationsController], providers: [NotificationStore, LiveGateway, NotificationSubjects], exports: [NotificationStore] })
export class NotificationsModule {}
