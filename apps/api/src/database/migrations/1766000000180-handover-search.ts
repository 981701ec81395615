import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinator's hand-over list is searched by patient (name or fødselsnummer): the matching patients are
 * found by their own indexes, then their hand-overs by patient, which needs an index of its own.
 *
 * The unassigned queue (a unit's open tasks nobody owns) is a handful of tasks among a unit's many: a partial
 * index holds only those, so listing it never walks the unit's owned tasks. Its condition is written out in
 * the queue's query (task-list.query.ts) so PostgreSQL can prove the index applies.
 */
export class HandoverSearch1766000000180 implements MigrationInterface {
  name = 'HandoverSearch1766000000180';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "discharge_handover_patient_idx" ON "discharge_handover" ("patient_id", "created_at")`);
    await queryRunner.query(
      `CREATE INDEX "fhir_task_unassigned_open_idx" ON "fhir_task" ("sp_requester", "sp_due_end")
        WHERE "sp_owner" IS NULL AND "sp_status" IN ('requested', 'received', 'accepted', 'in-progress', 'on-hold')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "fhir_task_unassigned_open_idx"`);
    await queryRunner.query(`DROP INDEX "discharge_handover_patient_idx"`);
  }
}
