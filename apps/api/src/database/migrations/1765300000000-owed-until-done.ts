import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What is owed stays owed in PostgreSQL until its consumer has committed its effects, so that Redis
 * forgetting a job (a restart without persistence, a failover) loses nothing:
 *
 * - `outbox.done_at`: set by matching in the transaction that stores the event's notifications,
 *   owed Subscription deliveries and owed reminders. Queued but not done after a while, the
 *   reconciler queues the event again under its job id. Rows queued before this migration were
 *   done by the old rule (queued meant done) and are marked so.
 * - the unfinished versions of each resource, so a Subscription's delivery of version N can wait
 *   until every older version has been matched (whichever worker process matches it).
 * - `subscription_delivery.channel`, so an owed delivery can be queued again without its job, and an
 *   index on the owed ones by age for the reconciler.
 * - `notification.pushed_at`: set once a notification's live push has been handed to the sockets'
 *   Redis channel; one not pushed after a while is queued again (the bell's list always had it).
 * - `owed_reminder`: each planned reminder (its delayed job's id and data), kept until it has fired,
 *   so a reminder whose delayed job vanished is planned again.
 */
export class OwedUntilDone1765300000000 implements MigrationInterface {
  name = 'OwedUntilDone1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD COLUMN "done_at" timestamptz`);
    await queryRunner.query(`UPDATE "outbox" SET "done_at" = "queued_at" WHERE "queued_at" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "outbox_unfinished_idx" ON "outbox" ("id") WHERE "done_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "outbox_unfinished_version_idx" ON "outbox" ("resource_type", "resource_id", "version_id") WHERE "done_at" IS NULL`);

    await queryRunner.query(`ALTER TABLE "subscription_delivery" ADD COLUMN "channel" text`);
    await queryRunner.query(`CREATE INDEX "subscription_delivery_owed_idx" ON "subscription_delivery" ("created_at", "event_id") WHERE "state" = 'pending'`);

    await queryRunner.query(`ALTER TABLE "notification" ADD COLUMN "pushed_at" timestamptz`);
    await queryRunner.query(`UPDATE "notification" SET "pushed_at" = "created_at"`);
    await queryRunner.query(`CREATE INDEX "notification_unpushed_idx" ON "notification" ("id") WHERE "pushed_at" IS NULL`);

    await queryRunner.query(`CREATE TABLE "owed_reminder" (
      "job_id" text PRIMARY KEY,
      "subject" text NOT NULL,
      "job" jsonb NOT NULL,
      "due_at" timestamptz NOT NULL
    )`);
    await queryRunner.query(`CREATE INDEX "owed_reminder_due_idx" ON "owed_reminder" ("due_at", "job_id")`);
    await queryRunner.query(`CREATE INDEX "owed_reminder_subject_idx" ON "owed_reminder" ("subject")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "owed_reminder"`);
    await queryRunner.query(`DROP INDEX "notification_unpushed_idx"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "pushed_at"`);
    await queryRunner.query(`DROP INDEX "subscription_delivery_owed_idx"`);
    await queryRunner.query(`ALTER TABLE "subscription_delivery" DROP COLUMN "channel"`);
    await queryRunner.query(`DROP INDEX "outbox_unfinished_version_idx"`);
    await queryRunner.query(`DROP INDEX "outbox_unfinished_idx"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "done_at"`);
  }
}
