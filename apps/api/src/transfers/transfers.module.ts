import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { FhirModule } from '../fhir/fhir.module';
import { MessagingModule } from '../messaging/messaging.module';
import { OutboxModule } from '../outbox/outbox.module';
import { CollaborationDeviationService } from './collaboration-deviation.service';
import { HandoverListQuery } from './handover-list.query';
import { HandoverDetailsQuery } from './handover-details.query';
import { HandoverMessageHandler } from './handover-message.handler';
import { HandoverRecipientService } from './handover-recipient.service';
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
import { HospitalQuestionsQuery } from './information-requests/hospital-questions.query';
import { InformationAnswerService } from './information-requests/information-answer.service';
import { InformationMessageRule } from './information-requests/information-message.rule';
import { QuestionsController } from './information-requests/questions.controller';
import { TaskConversationQuery } from './information-requests/task-conversation.query';

/** Task transfer at discharge: hand-overs (REST and messages), the Task state machine, the GP inbox and the hospital's view. */
@Module({
  imports: [FhirModule, DirectoryModule, MessagingModule, OutboxModule, TaskLoadModule, QualityModule],
  controllers: [InboxController, TaskActionsController, HandoversController, QuestionsController],
  providers: [
    TaskLifecycleRule,
    InformationMessageRule,
    TaskConversationQuery,
    HospitalQuestionsQuery,
    InformationAnswerService,
    TaskTransitionLog,
    TaskOwnerResolver,
    HandoverService,
    HandoverMessageHandler,
    TaskStatusMessageHandler,
    TaskActionsService,
    TaskListQuery,
    HandoverListQuery,
    HandoverDetailsQuery,
    HandoverRecipientService,
    CollaborationDeviationService,
  ],
  exports: [HandoverService, TaskActionsService],
})
export class TransfersModule {}
