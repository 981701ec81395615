import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board's open-task pass reads `task_load_open_idx` alone (an index-only scan) only on pages the
 * visibility map marks all-visible, and every Task write un-marks its page until the next vacuum. By
 * default autovacuum waits for a fifth of the table to change (200,000 writes at a million tasks, about
 * half an hour of a busy day); a hundredth keeps the pass off the table.
 */
export class TaskLoadVacuum1764100000000 implements MigrationInterface {
  name = 'TaskLoadVacuum1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_load" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_load" RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)`);
  }
}
