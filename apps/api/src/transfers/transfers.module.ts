import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { FhirModule } from '../fhir/fhir.module';
import { MessagingModule } from '../messaging/messaging.module';
import { OutboxModule } from '../outbox/outbox.module';
import { CollaborationDeviationService } from './collaboration-deviation.service';
import { HandoverListQuery } from './handover-list.query';
import { HandoverMessageHandler } from './handover-message.handler';
import { HandoverService } from './handover.service';
import { HandoversController } from './handovers.controller';
import { InboxController } from './inbox.controller';
import { TaskActionsController } from './task-actions.controller';
import { TaskActionsService } from './task-actions.service';
import { TaskLifecycleRule } from './task-lifecycle.rule';
import { TaskListQuery } from './task-list.query';
import { TaskOwnerResolver } from './task-owner.resolver';
import { TaskStatusMessageHandler } from './task-status-message.handler';
import { QualityModule } from './quality/quality.module';
import { TaskLoadModule } from './task-load/task-load.module';
import { TaskTransitionLog } from './task-transition.log';

/** Task transfer at discharge: hand-overs (REST and messages), the Task state machine, the GP inbox and the hospital's view. */
@Module({
  imports: [FhirModule, DirectoryModule, MessagingModule, OutboxModule, TaskLoadModule, QualityModule],
  controllers: [InboxController, TaskActionsController, HandoversController],
  providers: [
    TaskLifecycleRule,
    TaskTransitionLog,
    TaskOwnerResolver,
    HandoverService,
    HandoverMessageHandler,
    TaskStatusMessageHandler,
    TaskActionsService,
    TaskListQuery,
    HandoverListQuery,
    CollaborationDeviationService,
  ],
  exports: [HandoverService, TaskActionsService],
})
export class TransfersModule {}
