import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one row per access to or change of patient data. Append-only: a trigger refuses
 * every UPDATE and DELETE, so not even a bug in Bro can rewrite who looked at what.
 */
export class AuditTrail1763920000000 implements MigrationInterface {
  name = 'AuditTrail1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" (
      "id" uuid PRIMARY KEY,
      "recorded" timestamptz NOT NULL DEFAULT clock_timestamp(),
      "action" char(1) NOT NULL CHECK ("action" IN ('C', 'R', 'U', 'D', 'E')),
      "subtype" text NOT NULL,
      "outcome" text NOT NULL DEFAULT '0',
      "agent_subject" text NOT NULL,
      "agent_name" text,
      "agent_role" text NOT NULL,
      "agent_hpr" text,
      "agent_organization" text,
      "client_id" text,
      "purpose_of_use" text NOT NULL,
      "emergency_reason" text,
      "source_address" text,
      "entity_type" text,
      "entity_id" text,
      "entity_version" integer,
      "patient" text,
      "query" text
    )`);
    await queryRunner.query(`CREATE INDEX "audit_event_patient_idx" ON "audit_event" ("patient", "recorded")`);
    await queryRunner.query(`CREATE INDEX "audit_event_recorded_idx" ON "audit_event" ("recorded")`);
    await queryRunner.query(`CREATE INDEX "audit_event_agent_idx" ON "audit_event" ("agent_subject", "recorded")`);
    await queryRunner.query(`CREATE INDEX "audit_event_emergency_idx" ON "audit_event" ("recorded") WHERE "purpose_of_use" = 'ETREAT'`);
    await queryRunner.query(`CREATE FUNCTION "audit_event_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are append-only';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION "audit_event_is_append_only"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP FUNCTION "audit_event_is_append_only"()`);
  }
}
