import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reminders are notifications without an outbox event: they are kept once per reminder key instead. */
export class ReminderNotifications1763970000000 implements MigrationInterface {
  name = 'ReminderNotifications1763970000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "outbox_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ADD COLUMN "reminder_key" text`);
    await queryRunner.query(`CREATE UNIQUE INDEX "notification_once_per_reminder" ON "notification" ("reminder_key", "recipient") WHERE "reminder_key" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "notification_once_per_reminder"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "reminder_key"`);
    await queryRunner.query(`DELETE FROM "notification" WHERE "outbox_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "outbox_id" SET NOT NULL`);
  }
}
