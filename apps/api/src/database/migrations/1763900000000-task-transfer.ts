import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task transfer at discharge: every status change of a Task (for time-in-state), the hand-overs
 * received (what makes a re-sent hand-over idempotent), processed FHIR messages (exactly once per
 * MessageHeader.id), collaboration deviations, and the index behind "all tasks in a status".
 */
export class TaskTransfer1763900000000 implements MigrationInterface {
  name = 'TaskTransfer1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "task_status_transition" (
      "id" bigserial PRIMARY KEY,
      "task_id" text NOT NULL,
      "version_id" integer NOT NULL,
      "from_status" text,
      "to_status" text NOT NULL,
      "actor_subject" text,
      "actor_role" text,
      "actor_hpr" text,
      "actor_organization" text,
      "reason_code" text,
      "reason_text" text,
      "occurred_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX "task_status_transition_task_idx" ON "task_status_transition" ("task_id", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "task_status_transition_occurred_idx" ON "task_status_transition" ("occurred_at")`);

    await queryRunner.query(`CREATE TABLE "discharge_handover" (
      "id" uuid PRIMARY KEY,
      "bundle_identifier" text UNIQUE,
      "encounter_identifier" text UNIQUE,
      "encounter_id" text NOT NULL,
      "patient_id" text NOT NULL,
      "requesting_unit" text,
      "task_ids" text[] NOT NULL,
      "received_via" text NOT NULL CHECK ("received_via" IN ('transaction', 'message')),
      "response" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX "discharge_handover_unit_idx" ON "discharge_handover" ("requesting_unit", "created_at")`);

    await queryRunner.query(`CREATE TABLE "processed_message" (
      "message_id" text PRIMARY KEY,
      "event" text NOT NULL,
      "http_status" integer NOT NULL,
      "response" jsonb NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now()
    )`);

    await queryRunner.query(`CREATE TABLE "collaboration_deviation" (
      "id" uuid PRIMARY KEY,
      "handover_id" uuid NOT NULL REFERENCES "discharge_handover" ("id"),
      "task_id" text,
      "what_happened" text NOT NULL,
      "agreement_point" text NOT NULL,
      "hospital_unit" text NOT NULL,
      "immediate_measures" text NOT NULL,
      "reporter_name" text NOT NULL,
      "reporter_phone" text,
      "reporter_email" text,
      "reporter_hpr" text,
      "reporter_organization" text,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`CREATE INDEX "collaboration_deviation_handover_idx" ON "collaboration_deviation" ("handover_id")`);

    await queryRunner.query(`CREATE INDEX "fhir_task_status_updated_idx" ON "fhir_task" ("sp_status", "last_updated", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "fhir_task_status_updated_idx"`);
    await queryRunner.query(`DROP TABLE "collaboration_deviation"`);
    await queryRunner.query(`DROP TABLE "processed_message"`);
    await queryRunner.query(`DROP TABLE "discharge_handover"`);
    await queryRunner.query(`DROP TABLE "task_status_transition"`);
  }
}
