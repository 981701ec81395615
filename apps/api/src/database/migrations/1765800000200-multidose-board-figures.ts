import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board's "pending changes" figure reads, of every open multidose update Task, its episode, when it was
 * created and its due date: the partial index over those Tasks now carries the last two (the due date's
 * search column), so the figure is an index-only scan and never reads the Tasks' JSON. It replaces the
 * index of migration 1765800000100, which held the episode alone.
 */
export class MultidoseBoardFigures1765800000200 implements MigrationInterface {
  name = 'MultidoseBoardFigures1765800000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "fhir_task_open_multidose_update_cover_idx" ON "fhir_task" ("sp_focus") INCLUDE ("sp_authored_on_start", "sp_due_end")
        WHERE "sp_code" @> ARRAY['sv:urn:bro:task-kind|multidose-update'] AND "sp_status" IN ('requested', 'accepted')`,
    );
    await queryRunner.query(`DROP INDEX "fhir_task_open_multidose_update_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "fhir_task_open_multidose_update_idx" ON "fhir_task" ("sp_focus")
        WHERE "sp_code" @> ARRAY['sv:urn:bro:task-kind|multidose-update'] AND "sp_status" IN ('requested', 'accepted')`,
    );
    await queryRunner.query(`DROP INDEX "fhir_task_open_multidose_update_cover_idx"`);
  }
}
