import { Module } from '@nestjs/common';
import { BoardPanelsModule } from '../../board-panels/board-panels.module';
import { ReferralBoardPanelProvider } from './referral-board-panel.provider';
import { ReferralFiguresQuery } from './referral-figures.query';
import { ReferralQualityController } from './referral-quality.controller';

/**
 * The referral workflow's figures, read from `referral_case` (kept by the referral and triage write rules):
 * the referrals panel of the live board (registered here, in the API and the worker alike) and the
 * quality team's weekly figures (`/api/quality/referrals`).
 */
@Module({
  imports: [BoardPanelsModule],
  controllers: [ReferralQualityController],
  providers: [ReferralFiguresQuery, ReferralBoardPanelProvider],
  exports: [ReferralFiguresQuery],
})
export class ReferralLoadModule {}
