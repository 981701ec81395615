import { FhirStore1763880000000 } from './1763880000000-fhir-store';
import { TaskTransfer1763900000000 } from './1763900000000-task-transfer';
import { AuditTrail1763920000000 } from './1763920000000-audit-trail';
import { OutboxAndNotifications1763940000000 } from './1763940000000-outbox-and-notifications';
import { OutboxPolled1763950000000 } from './1763950000000-outbox-polled';
import { Subscriptions1763960000000 } from './1763960000000-subscriptions';
import { ReminderNotifications1763970000000 } from './1763970000000-reminder-notifications';
import { SubscriptionDeliveries1763980000000 } from './1763980000000-subscription-deliveries';
import { TaskLoad1764000000000 } from './1764000000000-task-load';
import { TaskLoadVacuum1764100000000 } from './1764100000000-task-load-vacuum';
import { SubscriptionOwners1765000000000 } from './1765000000000-subscription-owners';
import { ReplaysPerSender1765100000000 } from './1765100000000-replays-per-sender';
import { TaskKinds1765100000100 } from './1765100000100-task-kinds';
import { OwedUntilDone1765300000000 } from './1765300000000-owed-until-done';
import { TaskLoadRefreshByKey1765400000000 } from './1765400000000-task-load-refresh-by-key';
import { StringSearch1765500000000 } from './1765500000000-string-search';
import { ReferenceIndex1765500000100 } from './1765500000100-reference-index';
import { Consultations1765600000000 } from './1765600000000-consultations';
import { ConsultationLoad1765600000100 } from './1765600000100-consultation-load';
import { Referrals1765700000000 } from './1765700000000-referrals';
import { ReferralCaseVacuum1765700000200 } from './1765700000200-referral-case-vacuum';
import { MultidoseEpisodes1765800000000 } from './1765800000000-multidose-episodes';
import { MultidoseLoad1765800000100 } from './1765800000100-multidose-load';
import { MultidoseBoardFigures1765800000200 } from './1765800000200-multidose-board-figures';
import { ReferralBenchIndexes1765700000100 } from './1765700000100-referral-bench-indexes';

/** Every migration, in order. Listed explicitly so the bundled app and the CLI run the same set. */
export const MIGRATIONS = [FhirStore1763880000000, TaskTransfer1763900000000, AuditTrail1763920000000, OutboxAndNotifications1763940000000, OutboxPolled1763950000000, Subscriptions1763960000000, ReminderNotifications1763970000000, SubscriptionDeliveries1763980000000, TaskLoad1764000000000, TaskLoadVacuum1764100000000, SubscriptionOwners1765000000000, ReplaysPerSender1765100000000, TaskKinds1765100000100, OwedUntilDone1765300000000, TaskLoadRefreshByKey1765400000000, StringSearch1765500000000, ReferenceIndex1765500000100, Consultations1765600000000, ConsultationLoad1765600000100, Referrals1765700000000, ReferralBenchIndexes1765700000100, ReferralCaseVacuum1765700000200, MultidoseEpisodes1765800000000, MultidoseLoad1765800000100, MultidoseBoardFigures1765800000200];
