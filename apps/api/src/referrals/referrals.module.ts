import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { FhirModule } from '../fhir/fhir.module';
import { MessagingModule } from '../messaging/messaging.module';
import { ReferralAnswerMessageHandler } from './referral-answer-message.handler';
import { ReferralCaseProjection } from './referral-case.projection';
import { ReferralLoadModule } from './referral-load/referral-load.module';
import { ReferralObjectionRule } from './referral-objection.rule';
import { ReferralRule } from './referral.rule';
import { ReferralRouting } from './routing/referral-routing';
import { RoutingRulesStore } from './routing/routing-rules.store';
import { RoutingRulesController } from './routing/routing-rules.controller';
import { RoutingRulesService } from './routing/routing-rules.service';
import { TriageRule } from './triage.rule';
import { ReferralAnswerService } from './referral-actions/referral-answer.service';
import { ReferralListQuery } from './referral-actions/referral-list.query';
import { ReferralSendService } from './referral-actions/referral-send.service';
import { ReferralsController } from './referral-actions/referrals.controller';
import { LowThresholdController } from './triage/lowthreshold.controller';
import { TriageActionsService } from './triage/triage-actions.service';
import { TriageQueueQuery } from './triage/triage-queue.query';

/**
 * Referrals and the low-threshold service: a GP's referral (ServiceRequest with a fulfilment Task owned
 * by the hospital unit), the hospital's answer (Volven 9148) on every path, a rejection routed by the
 * stored rules to a low-threshold service in the same transaction, and that service's triage.
 */
@Module({
  imports: [FhirModule, DirectoryModule, MessagingModule, ReferralLoadModule],
  // RoutingRulesController first: registered before any `api/referrals/:id` route, so `routing-rules` is never read as an id.
  controllers: [RoutingRulesController, ReferralsController, LowThresholdController],
  providers: [ReferralSendService, ReferralAnswerService, ReferralListQuery, TriageActionsService, TriageQueueQuery, RoutingRulesService, ReferralRule, TriageRule, ReferralObjectionRule, ReferralRouting, RoutingRulesStore, ReferralCaseProjection, ReferralAnswerMessageHandler],
  exports: [RoutingRulesStore, ReferralCaseProjection],
})
export class ReferralsModule {}
