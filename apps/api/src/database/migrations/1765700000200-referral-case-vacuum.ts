import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `referral_case` is read index-only for the low-threshold queue (its count and page), which only stays
 * index-only while the visibility map is fresh: the default autovacuum waits for a fifth of the table to
 * change (20,000 writes at 100,000 referrals, hours of a normal day), and until then every queue read visits
 * the changed rows' heap pages. Vacuum it after 1 % instead, as `task_load` is.
 */
export class ReferralCaseVacuum1765700000200 implements MigrationInterface {
  name = 'ReferralCaseVacuum1765700000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral_case" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "referral_case" RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)`);
  }
}
