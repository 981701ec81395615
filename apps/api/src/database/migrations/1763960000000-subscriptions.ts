import { MigrationInterface, QueryRunner } from 'typeorm';

/** FHIR Subscriptions: the resource table (from the declarations) and each one's signing secret, kept apart from the resource. */
export class Subscriptions1763960000000 implements MigrationInterface {
  name = 'Subscriptions1763960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fhir_subscription" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_status" text,
  "sp_type" text,
  "sp_url" text
)`);
    await queryRunner.query(`CREATE INDEX "fhir_subscription_last_updated_idx" ON "fhir_subscription" ("last_updated", "id")`);
    await queryRunner.query(`CREATE INDEX "fhir_subscription_sp_status_idx" ON "fhir_subscription" ("sp_status")`);
    await queryRunner.query(`CREATE INDEX "fhir_subscription_sp_type_idx" ON "fhir_subscription" ("sp_type")`);
    await queryRunner.query(`CREATE INDEX "fhir_subscription_sp_url_idx" ON "fhir_subscription" ("sp_url")`);
    await queryRunner.query(`CREATE TABLE "subscription_secret" ("subscription_id" text PRIMARY KEY, "secret" text NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "subscription_secret"`);
    await queryRunner.query(`DROP TABLE "fhir_subscription"`);
  }
}
