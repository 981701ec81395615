import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (every change that matters, written in the transaction of the change;
 * a trigger wakes the relay at commit) and the in-app notifications delivered from it.
 */
export class OutboxAndNotifications1763940000000 implements MigrationInterface {
  name = 'OutboxAndNotifications1763940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "outbox" (
      "id" bigserial PRIMARY KEY,
      "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      "topic" text NOT NULL,
      "resource_type" text,
      "resource_id" text,
      "version_id" integer,
      "payload" jsonb NOT NULL DEFAULT '{}',
      "queued_at" timestamptz
    )`);
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox" ("id") WHERE "queued_at" IS NULL`);
    // NOTIFY is delivered at commit, so the relay wakes exactly when there is something committed to move.
    await queryRunner.query(`CREATE FUNCTION "outbox_wake_relay"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('bro_outbox', '');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "outbox_wake_relay" AFTER INSERT ON "outbox" FOR EACH STATEMENT EXECUTE FUNCTION "outbox_wake_relay"()`);

    await queryRunner.query(`CREATE TABLE "notification" (
      "id" bigserial PRIMARY KEY,
      "recipient" text NOT NULL,
      "kind" text NOT NULL,
      "title" text NOT NULL,
      "body" text,
      "resource" text,
      "outbox_id" bigint NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      "read_at" timestamptz,
      CONSTRAINT "notification_once_per_event" UNIQUE ("outbox_id", "recipient", "kind")
    )`);
    await queryRunner.query(`CREATE INDEX "notification_recipient_idx" ON "notification" ("recipient", "id")`);
    await queryRunner.query(`CREATE INDEX "notification_unread_idx" ON "notification" ("recipient", "id") WHERE "read_at" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP FUNCTION "outbox_wake_relay"()`);
  }
}
