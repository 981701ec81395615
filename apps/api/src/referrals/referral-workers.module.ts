import { Module } from '@nestjs/common';
import { OutboxWorkersModule } from '../outbox/outbox-workers.module';
import { ReferralLoadModule } from './referral-load/referral-load.module';
import { ReferralNotificationsHandler } from './referral-notifications.handler';
import { ReferralRemindersPlanner } from './referral-reminders.planner';

/**
 * The worker side of referrals: who is told what at each step (hospital unit, GP, low-threshold service),
 * the assessment and triage deadline reminders, and the referrals panel of the board (the board's
 * publisher runs here).
 */
@Module({
  imports: [OutboxWorkersModule, ReferralLoadModule],
  providers: [ReferralNotificationsHandler, ReferralRemindersPlanner],
})
export class ReferralWorkersModule {}
