import { MigrationInterface, QueryRunner } from 'typeorm';

/** What Bro shows in place of a channel.header value it keeps apart from the resource. */
const MASK = '***';

/**
 * FHIR Subscriptions get an owner (who created them: only they see, change and are notified through
 * them, within what they may see themselves) and their channel.header values move out of the resource,
 * like the signing secret. Subscriptions stored before have no owner: nobody sees them and nothing is
 * delivered through them until they are created again. Their header values move out of every stored
 * version (current and history), leaving the names.
 */
export class SubscriptionOwners1765000000000 implements MigrationInterface {
  name = 'SubscriptionOwners1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "subscription_owner" (
      "subscription_id" text PRIMARY KEY,
      "subject" text NOT NULL,
      "role" text NOT NULL,
      "client_id" text,
      "scopes" text[] NOT NULL DEFAULT '{}',
      "name" text,
      "hpr_number" text,
      "organization_number" text,
      "parent_organization_number" text,
      "resh_id" text,
      "recorded" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX "subscription_owner_subject_idx" ON "subscription_owner" ("subject", "client_id")`);
    await queryRunner.query(`CREATE TABLE "subscription_header" ("subscription_id" text PRIMARY KEY, "headers" text[] NOT NULL)`);
    await queryRunner.query(`INSERT INTO "subscription_header" ("subscription_id", "headers")
      SELECT id, ARRAY(SELECT jsonb_array_elements_text(resource->'channel'->'header'))
        FROM "fhir_subscription" WHERE jsonb_typeof(resource->'channel'->'header') = 'array'`);
    for (const table of ['fhir_subscription', 'fhir_history']) {
      const onlySubscriptions = table === 'fhir_history' ? `AND resource_type = 'Subscription'` : '';
      await queryRunner.query(
        `UPDATE "${table}" SET resource = jsonb_set(resource, '{channel,header}', (
           SELECT coalesce(jsonb_agg(split_part(h, ':', 1) || ': ${MASK}'), '[]'::jsonb) FROM jsonb_array_elements_text(resource->'channel'->'header') AS h))
         WHERE resource IS NOT NULL AND jsonb_typeof(resource->'channel'->'header') = 'array' ${onlySubscriptions}`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The header values go back into the current versions; history keeps the masked ones.
    await queryRunner.query(`UPDATE "fhir_subscription" s SET resource = jsonb_set(s.resource, '{channel,header}', to_jsonb(h.headers))
      FROM "subscription_header" h WHERE h.subscription_id = s.id`);
    await queryRunner.query(`DROP TABLE "subscription_header"`);
    await queryRunner.query(`DROP TABLE "subscription_owner"`);
  }
}
