import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A re-sent message or hand-over gets its first answer back only from the side that sent it: message
 * ids and hand-over Bundle.identifiers are unique per sender, not across Bro, so nobody can take a
 * hospital's id first or read another sender's stored answer by re-using it. Rows from before carry
 * no sender ('') and so are replayed to nobody.
 */
export class ReplaysPerSender1765100000000 implements MigrationInterface {
  name = 'ReplaysPerSender1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "processed_message" ADD COLUMN "sender" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "processed_message" DROP CONSTRAINT "processed_message_pkey"`);
    await queryRunner.query(`ALTER TABLE "processed_message" ADD CONSTRAINT "processed_message_pkey" PRIMARY KEY ("sender", "message_id")`);
    await queryRunner.query(`ALTER TABLE "discharge_handover" ADD COLUMN "sender" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "discharge_handover" DROP CONSTRAINT "discharge_handover_bundle_identifier_key"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "discharge_handover_sender_bundle_key" ON "discharge_handover" ("sender", "bundle_identifier")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "discharge_handover_sender_bundle_key"`);
    await queryRunner.query(`ALTER TABLE "discharge_handover" ADD CONSTRAINT "discharge_handover_bundle_identifier_key" UNIQUE ("bundle_identifier")`);
    await queryRunner.query(`ALTER TABLE "discharge_handover" DROP COLUMN "sender"`);
    await queryRunner.query(`ALTER TABLE "processed_message" DROP CONSTRAINT "processed_message_pkey"`);
    await queryRunner.query(`ALTER TABLE "processed_message" ADD CONSTRAINT "processed_message_pkey" PRIMARY KEY ("message_id")`);
    await queryRunner.query(`ALTER TABLE "processed_message" DROP COLUMN "sender"`);
  }
}
