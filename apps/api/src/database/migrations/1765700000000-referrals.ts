import { MigrationInterface, QueryRunner } from 'typeorm';

/** Relative references in an array element of the stored resource, the form Bro's own writes use. */
const referencesIn = (element: string) =>
  `(SELECT array_agg(DISTINCT r->>'reference') FROM jsonb_array_elements(coalesce(resource->'${element}', '[]'::jsonb)) r WHERE r->>'reference' ~ '^[A-Za-z]+/[A-Za-z0-9.-]{1,64}$')`;

/**
 * Rejected referrals routed to the low-threshold service (frozen when written):
 * - `Task.basedOn` searchable (a triage Task is based on the referral and the rejected Task);
 * - `referral_case`: one row per referral Task, kept by the referral and triage write rules in each
 *   write's transaction: its dates and deadlines, the answer, and where a rejection was routed. The
 *   unique triage Task per referral is PostgreSQL's guarantee that no rejection is routed twice; the
 *   queue, the GP's list, the board and the quality figures read it.
 * - `referral_routing_rule_set`: the routing rules as data, every version kept (the history).
 */
export class Referrals1765700000000 implements MigrationInterface {
  name = 'Referrals1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fhir_task" ADD COLUMN "sp_based_on" text[]`);
    await queryRunner.query(`UPDATE "fhir_task" SET "sp_based_on" = ${referencesIn('basedOn')} WHERE resource ? 'basedOn'`);
    await queryRunner.query(`CREATE INDEX "fhir_task_sp_based_on_idx" ON "fhir_task" USING gin ("sp_based_on")`);

    await queryRunner.query(`CREATE TABLE "referral_case" (
      "referral_task_id" text PRIMARY KEY,
      "service_request_id" text NOT NULL,
      "patient" text NOT NULL,
      "hospital_unit" text NOT NULL,
      "hospital" text,
      "referrer" text,
      "status" text NOT NULL,
      "answer" text,
      "rejection_reason" text,
      "urgent" boolean NOT NULL DEFAULT false,
      "objected" boolean NOT NULL DEFAULT false,
      "sent_at" timestamptz NOT NULL,
      "received_at" timestamptz NOT NULL,
      "assessment_deadline" date NOT NULL,
      "answered_at" timestamptz,
      "triage_task_id" text UNIQUE,
      "service" text,
      "routing_rule" text,
      "routed_at" timestamptz,
      "triage_deadline" date,
      "triage_status" text,
      "claimed_at" timestamptz,
      "triaged_at" timestamptz,
      "outcome" text,
      "updated_at" timestamptz NOT NULL
    )`);
    // The low-threshold queue: a service's open cases, earliest deadline first.
    await queryRunner.query(
      `CREATE INDEX "referral_case_queue_idx" ON "referral_case" ("service", "triage_deadline", "routed_at") WHERE "triage_status" IN ('requested', 'in-progress')`,
    );
    await queryRunner.query(`CREATE INDEX "referral_case_service_idx" ON "referral_case" ("service", "routed_at")`);
    // A GP's referrals and a hospital unit's received ones, newest first.
    await queryRunner.query(`CREATE INDEX "referral_case_referrer_idx" ON "referral_case" ("referrer", "sent_at")`);
    await queryRunner.query(`CREATE INDEX "referral_case_unit_idx" ON "referral_case" ("hospital_unit", "received_at")`);
    // Unanswered referrals past their deadline (the hospital's flag and reminder), and the weekly figures.
    await queryRunner.query(`CREATE INDEX "referral_case_unanswered_idx" ON "referral_case" ("assessment_deadline") WHERE "answered_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "referral_case_answered_idx" ON "referral_case" ("answered_at")`);

    await queryRunner.query(`CREATE TABLE "referral_routing_rule_set" (
      "version" integer PRIMARY KEY,
      "rules" jsonb NOT NULL,
      "changed_at" timestamptz NOT NULL DEFAULT now(),
      "changed_by" text NOT NULL,
      "comment" text
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "referral_routing_rule_set"`);
    await queryRunner.query(`DROP TABLE "referral_case"`);
    await queryRunner.query(`DROP INDEX "fhir_task_sp_based_on_idx"`);
    await queryRunner.query(`ALTER TABLE "fhir_task" DROP COLUMN "sp_based_on"`);
  }
}
