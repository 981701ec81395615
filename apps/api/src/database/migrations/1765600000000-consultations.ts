import { MigrationInterface, QueryRunner } from 'typeorm';

/** The stored types joint consultations add, as the search-parameter declarations wanted them when this was written (frozen). */
const NEW_TABLES = [
  `CREATE TABLE "fhir_appointment_response" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_appointment" text,
  "sp_actor" text,
  "sp_part_status" text
)`,
  `CREATE TABLE "fhir_schedule" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_actor" text[],
  "sp_active" text,
  "sp_service_type" text[],
  "sp_date_start" timestamptz,
  "sp_date_end" timestamptz
)`,
  `CREATE TABLE "fhir_slot" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_schedule" text,
  "sp_status" text,
  "sp_start_start" timestamptz,
  "sp_start_end" timestamptz,
  "sp_service_type" text[]
)`,
];

const NEW_INDEXES = [
  `CREATE INDEX "fhir_appointment_response_last_updated_idx" ON "fhir_appointment_response" ("last_updated", "id")`,
  `CREATE INDEX "fhir_schedule_last_updated_idx" ON "fhir_schedule" ("last_updated", "id")`,
  `CREATE INDEX "fhir_slot_last_updated_idx" ON "fhir_slot" ("last_updated", "id")`,
  `CREATE INDEX "fhir_appointment_response_sp_identifier_idx" ON "fhir_appointment_response" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_appointment_response_sp_appointment_idx" ON "fhir_appointment_response" ("sp_appointment")`,
  `CREATE INDEX "fhir_appointment_response_sp_actor_idx" ON "fhir_appointment_response" ("sp_actor")`,
  `CREATE INDEX "fhir_appointment_response_sp_part_status_idx" ON "fhir_appointment_response" ("sp_part_status")`,
  `CREATE INDEX "fhir_schedule_sp_identifier_idx" ON "fhir_schedule" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_schedule_sp_actor_idx" ON "fhir_schedule" USING gin ("sp_actor")`,
  `CREATE INDEX "fhir_schedule_sp_active_idx" ON "fhir_schedule" ("sp_active")`,
  `CREATE INDEX "fhir_schedule_sp_service_type_idx" ON "fhir_schedule" USING gin ("sp_service_type")`,
  `CREATE INDEX "fhir_schedule_sp_date_idx" ON "fhir_schedule" ("sp_date_start", "sp_date_end")`,
  `CREATE INDEX "fhir_slot_sp_identifier_idx" ON "fhir_slot" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_slot_sp_schedule_idx" ON "fhir_slot" ("sp_schedule")`,
  `CREATE INDEX "fhir_slot_sp_status_idx" ON "fhir_slot" ("sp_status")`,
  `CREATE INDEX "fhir_slot_sp_start_idx" ON "fhir_slot" ("sp_start_start", "sp_start_end")`,
  `CREATE INDEX "fhir_slot_sp_service_type_idx" ON "fhir_slot" USING gin ("sp_service_type")`,
  `CREATE INDEX "fhir_slot_schedule_start_idx" ON "fhir_slot" ("sp_schedule", "sp_start_start", "sp_start_end")`,
];

/** Relative references in an array element of the stored Appointment, the form Bro's own writes use. */
const referencesIn = (element: string) =>
  `(SELECT array_agg(DISTINCT r->>'reference') FROM jsonb_array_elements(coalesce(resource->'${element}', '[]'::jsonb)) r WHERE r->>'reference' ~ '^[A-Za-z]+/[A-Za-z0-9.-]{1,64}$')`;

/**
 * Joint discharge consultations: AppointmentResponse, Schedule and Slot stored; Appointment searchable by
 * what it is based on, the discharge it supports and the unit that planned it; and the booked intervals
 * per practitioner, where PostgreSQL itself refuses a second overlapping booking (btree_gist lets one
 * exclusion constraint compare the practitioner with = and the interval with &&). Half-open ranges let
 * 14:00–14:30 and 14:30–15:00 both stand.
 */
export class Consultations1765600000000 implements MigrationInterface {
  name = 'Consultations1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...NEW_TABLES, ...NEW_INDEXES]) await queryRunner.query(statement);
    await queryRunner.query(`ALTER TABLE "fhir_appointment" ADD COLUMN "sp_based_on" text[], ADD COLUMN "sp_supporting_info" text[], ADD COLUMN "sp_planning_unit" text`);
    // Appointments stored before: no planning unit (no consultation had one), their links filled from the resource.
    await queryRunner.query(`UPDATE "fhir_appointment" SET "sp_based_on" = ${referencesIn('basedOn')}, "sp_supporting_info" = ${referencesIn('supportingInformation')}`);
    await queryRunner.query(`CREATE INDEX "fhir_appointment_sp_based_on_idx" ON "fhir_appointment" USING gin ("sp_based_on")`);
    await queryRunner.query(`CREATE INDEX "fhir_appointment_sp_supporting_info_idx" ON "fhir_appointment" USING gin ("sp_supporting_info")`);
    await queryRunner.query(`CREATE INDEX "fhir_appointment_sp_planning_unit_idx" ON "fhir_appointment" ("sp_planning_unit")`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`CREATE TABLE "consultation_booking" (
      "practitioner" text NOT NULL,
      "appointment_id" text NOT NULL,
      "during" tstzrange NOT NULL,
      CONSTRAINT "consultation_booking_pkey" PRIMARY KEY ("appointment_id", "practitioner"),
      CONSTRAINT "consultation_booking_no_overlap" EXCLUDE USING gist ("practitioner" WITH =, "during" WITH &&)
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "consultation_booking"`);
    await queryRunner.query(`DROP INDEX "fhir_appointment_sp_planning_unit_idx"`);
    await queryRunner.query(`DROP INDEX "fhir_appointment_sp_supporting_info_idx"`);
    await queryRunner.query(`DROP INDEX "fhir_appointment_sp_based_on_idx"`);
    await queryRunner.query(`ALTER TABLE "fhir_appointment" DROP COLUMN "sp_based_on", DROP COLUMN "sp_supporting_info", DROP COLUMN "sp_planning_unit"`);
    await queryRunner.query(`DELETE FROM "fhir_reference" WHERE "source_type" IN ('AppointmentResponse', 'Schedule', 'Slot')`);
    await queryRunner.query(`DELETE FROM "fhir_history" WHERE "resource_type" IN ('AppointmentResponse', 'Schedule', 'Slot')`);
    await queryRunner.query(`DROP TABLE "fhir_slot"`);
    await queryRunner.query(`DROP TABLE "fhir_schedule"`);
    await queryRunner.query(`DROP TABLE "fhir_appointment_response"`);
    // btree_gist stays: other objects may have come to use it.
  }
}
