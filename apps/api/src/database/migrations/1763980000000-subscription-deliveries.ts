import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every rest-hook delivery a Subscription is owed, by resource and version: a newer version waits
 * while an older one of the same resource is still being retried, so a receiver gets them in order.
 */
export class SubscriptionDeliveries1763980000000 implements MigrationInterface {
  name = 'SubscriptionDeliveries1763980000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "subscription_delivery" (
      "event_id" text PRIMARY KEY,
      "subscription_id" text NOT NULL,
      "resource" text NOT NULL,
      "version_id" integer NOT NULL,
      "state" text NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'delivered', 'dead')),
      "created_at" timestamptz NOT NULL DEFAULT clock_timestamp()
    )`);
    await queryRunner.query(`CREATE INDEX "subscription_delivery_pending_idx" ON "subscription_delivery" ("subscription_id", "resource", "version_id") WHERE "state" = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "subscription_delivery"`);
  }
}
