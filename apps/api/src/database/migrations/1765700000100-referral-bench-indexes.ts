import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The low-threshold queue read from its index alone (found by `npm run bench -- referrals`): with thousands
 * of open cases, each page read counted the service's open cases (its `total`) and chose the page's keys
 * through `referral_case_queue_idx`, which holds neither the queue's whole order (urgent) nor the columns
 * the read filters and returns (objected, referral_task_id), so every open case's heap page was visited on
 * every read (≈1,000 pages for 3,500 open cases: 10–25 ms a read on the shared machine, 2 ms with this).
 * This index has the queue's exact order and condition, and the page's key: the count and the page are
 * index-only scans, and a page stops after its rows. It supersedes `referral_case_queue_idx`.
 */
export class ReferralBenchIndexes1765700000100 implements MigrationInterface {
  name = 'ReferralBenchIndexes1765700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "referral_case_open_queue_idx" ON "referral_case" ("service", "triage_deadline", "urgent" DESC, "routed_at", "triage_task_id")
         INCLUDE ("referral_task_id") WHERE "triage_status" IN ('requested', 'in-progress') AND NOT "objected"`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS "referral_case_queue_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "referral_case_queue_idx" ON "referral_case" ("service", "triage_deadline", "routed_at") WHERE "triage_status" IN ('requested', 'in-progress')`,
    );
    await queryRunner.query(`DROP INDEX "referral_case_open_queue_idx"`);
  }
}
