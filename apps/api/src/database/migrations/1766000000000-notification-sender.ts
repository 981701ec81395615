import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who a notification comes from (the hospital unit that handed a task over, the GP who contested it): a
 * directory reference, never a patient. The bell groups many unread alike ("12 nye oppgaver fra …") by it.
 */
export class NotificationSender1766000000000 implements MigrationInterface {
  name = 'NotificationSender1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" ADD COLUMN "sender" text`);
    await queryRunner.query(`CREATE INDEX "notification_unread_sender_idx" ON "notification" ("recipient", "kind", "sender") WHERE "read_at" IS NULL AND "sender" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "notification_unread_sender_idx"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "sender"`);
  }
}
