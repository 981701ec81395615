import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The FHIR store: one table per resource type with the search columns and indexes its declared
 * search parameters need (a frozen copy of `npm run db:fhir-ddl`), every version in fhir_history,
 * and fhir_identifier, whose primary key makes an identifier (system + value) belong to at most
 * one resource of a type — what makes conditional create safe under concurrency.
 */
const RESOURCE_TABLES = [
  `CREATE TABLE "fhir_patient" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_general_practitioner" text[],
  "sp_organization" text,
  "sp_birthdate_start" timestamptz,
  "sp_birthdate_end" timestamptz
)`,
  `CREATE TABLE "fhir_practitioner" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[]
)`,
  `CREATE TABLE "fhir_practitioner_role" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_practitioner" text,
  "sp_organization" text,
  "sp_role" text[]
)`,
  `CREATE TABLE "fhir_organization" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_partof" text,
  "sp_type" text[]
)`,
  `CREATE TABLE "fhir_healthcare_service" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_organization" text,
  "sp_service_type" text[]
)`,
  `CREATE TABLE "fhir_encounter" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_subject" text,
  "sp_service_provider" text,
  "sp_practitioner" text[],
  "sp_status" text,
  "sp_class" text,
  "sp_date_start" timestamptz,
  "sp_date_end" timestamptz
)`,
  `CREATE TABLE "fhir_task" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_subject" text,
  "sp_owner" text,
  "sp_requester" text,
  "sp_encounter" text,
  "sp_focus" text,
  "sp_status" text,
  "sp_code" text[],
  "sp_business_status" text[],
  "sp_priority" text,
  "sp_authored_on_start" timestamptz,
  "sp_authored_on_end" timestamptz,
  "sp_period_start" timestamptz,
  "sp_period_end" timestamptz,
  "sp_due_start" timestamptz,
  "sp_due_end" timestamptz
)`,
  `CREATE TABLE "fhir_service_request" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_subject" text,
  "sp_requester" text,
  "sp_performer" text[],
  "sp_encounter" text,
  "sp_status" text,
  "sp_code" text[],
  "sp_category" text[],
  "sp_authored_start" timestamptz,
  "sp_authored_end" timestamptz
)`,
  `CREATE TABLE "fhir_appointment" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_actor" text[],
  "sp_status" text,
  "sp_service_type" text[],
  "sp_date_start" timestamptz,
  "sp_date_end" timestamptz
)`,
  `CREATE TABLE "fhir_medication_statement" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_subject" text,
  "sp_status" text,
  "sp_code" text[],
  "sp_category" text[],
  "sp_effective_start" timestamptz,
  "sp_effective_end" timestamptz
)`,
  `CREATE TABLE "fhir_communication" (
  "id" text PRIMARY KEY,
  "version_id" integer NOT NULL,
  "last_updated" timestamptz NOT NULL,
  "resource" jsonb NOT NULL,
  "sp_identifier" text[],
  "sp_subject" text,
  "sp_sender" text,
  "sp_recipient" text[],
  "sp_based_on" text[],
  "sp_status" text,
  "sp_category" text[],
  "sp_sent_start" timestamptz,
  "sp_sent_end" timestamptz
)`,
  `CREATE INDEX "fhir_patient_last_updated_idx" ON "fhir_patient" ("last_updated", "id")`,
  `CREATE INDEX "fhir_practitioner_last_updated_idx" ON "fhir_practitioner" ("last_updated", "id")`,
  `CREATE INDEX "fhir_practitioner_role_last_updated_idx" ON "fhir_practitioner_role" ("last_updated", "id")`,
  `CREATE INDEX "fhir_organization_last_updated_idx" ON "fhir_organization" ("last_updated", "id")`,
  `CREATE INDEX "fhir_healthcare_service_last_updated_idx" ON "fhir_healthcare_service" ("last_updated", "id")`,
  `CREATE INDEX "fhir_encounter_last_updated_idx" ON "fhir_encounter" ("last_updated", "id")`,
  `CREATE INDEX "fhir_task_last_updated_idx" ON "fhir_task" ("last_updated", "id")`,
  `CREATE INDEX "fhir_service_request_last_updated_idx" ON "fhir_service_request" ("last_updated", "id")`,
  `CREATE INDEX "fhir_appointment_last_updated_idx" ON "fhir_appointment" ("last_updated", "id")`,
  `CREATE INDEX "fhir_medication_statement_last_updated_idx" ON "fhir_medication_statement" ("last_updated", "id")`,
  `CREATE INDEX "fhir_communication_last_updated_idx" ON "fhir_communication" ("last_updated", "id")`,
  `CREATE INDEX "fhir_patient_sp_identifier_idx" ON "fhir_patient" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_patient_sp_general_practitioner_idx" ON "fhir_patient" USING gin ("sp_general_practitioner")`,
  `CREATE INDEX "fhir_patient_sp_organization_idx" ON "fhir_patient" ("sp_organization")`,
  `CREATE INDEX "fhir_patient_sp_birthdate_idx" ON "fhir_patient" ("sp_birthdate_start", "sp_birthdate_end")`,
  `CREATE INDEX "fhir_practitioner_sp_identifier_idx" ON "fhir_practitioner" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_practitioner_role_sp_identifier_idx" ON "fhir_practitioner_role" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_practitioner_role_sp_practitioner_idx" ON "fhir_practitioner_role" ("sp_practitioner")`,
  `CREATE INDEX "fhir_practitioner_role_sp_organization_idx" ON "fhir_practitioner_role" ("sp_organization")`,
  `CREATE INDEX "fhir_practitioner_role_sp_role_idx" ON "fhir_practitioner_role" USING gin ("sp_role")`,
  `CREATE INDEX "fhir_organization_sp_identifier_idx" ON "fhir_organization" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_organization_sp_partof_idx" ON "fhir_organization" ("sp_partof")`,
  `CREATE INDEX "fhir_organization_sp_type_idx" ON "fhir_organization" USING gin ("sp_type")`,
  `CREATE INDEX "fhir_healthcare_service_sp_identifier_idx" ON "fhir_healthcare_service" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_healthcare_service_sp_organization_idx" ON "fhir_healthcare_service" ("sp_organization")`,
  `CREATE INDEX "fhir_healthcare_service_sp_service_type_idx" ON "fhir_healthcare_service" USING gin ("sp_service_type")`,
  `CREATE INDEX "fhir_encounter_sp_identifier_idx" ON "fhir_encounter" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_encounter_sp_subject_idx" ON "fhir_encounter" ("sp_subject")`,
  `CREATE INDEX "fhir_encounter_sp_service_provider_idx" ON "fhir_encounter" ("sp_service_provider")`,
  `CREATE INDEX "fhir_encounter_sp_practitioner_idx" ON "fhir_encounter" USING gin ("sp_practitioner")`,
  `CREATE INDEX "fhir_encounter_sp_status_idx" ON "fhir_encounter" ("sp_status")`,
  `CREATE INDEX "fhir_encounter_sp_class_idx" ON "fhir_encounter" ("sp_class")`,
  `CREATE INDEX "fhir_encounter_sp_date_idx" ON "fhir_encounter" ("sp_date_start", "sp_date_end")`,
  `CREATE INDEX "fhir_task_sp_identifier_idx" ON "fhir_task" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_task_sp_subject_idx" ON "fhir_task" ("sp_subject")`,
  `CREATE INDEX "fhir_task_sp_owner_idx" ON "fhir_task" ("sp_owner")`,
  `CREATE INDEX "fhir_task_sp_requester_idx" ON "fhir_task" ("sp_requester")`,
  `CREATE INDEX "fhir_task_sp_encounter_idx" ON "fhir_task" ("sp_encounter")`,
  `CREATE INDEX "fhir_task_sp_focus_idx" ON "fhir_task" ("sp_focus")`,
  `CREATE INDEX "fhir_task_sp_status_idx" ON "fhir_task" ("sp_status")`,
  `CREATE INDEX "fhir_task_sp_code_idx" ON "fhir_task" USING gin ("sp_code")`,
  `CREATE INDEX "fhir_task_sp_business_status_idx" ON "fhir_task" USING gin ("sp_business_status")`,
  `CREATE INDEX "fhir_task_sp_priority_idx" ON "fhir_task" ("sp_priority")`,
  `CREATE INDEX "fhir_task_sp_authored_on_idx" ON "fhir_task" ("sp_authored_on_start", "sp_authored_on_end")`,
  `CREATE INDEX "fhir_task_sp_period_idx" ON "fhir_task" ("sp_period_start", "sp_period_end")`,
  `CREATE INDEX "fhir_task_sp_due_idx" ON "fhir_task" ("sp_due_start", "sp_due_end")`,
  `CREATE INDEX "fhir_service_request_sp_identifier_idx" ON "fhir_service_request" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_service_request_sp_subject_idx" ON "fhir_service_request" ("sp_subject")`,
  `CREATE INDEX "fhir_service_request_sp_requester_idx" ON "fhir_service_request" ("sp_requester")`,
  `CREATE INDEX "fhir_service_request_sp_performer_idx" ON "fhir_service_request" USING gin ("sp_performer")`,
  `CREATE INDEX "fhir_service_request_sp_encounter_idx" ON "fhir_service_request" ("sp_encounter")`,
  `CREATE INDEX "fhir_service_request_sp_status_idx" ON "fhir_service_request" ("sp_status")`,
  `CREATE INDEX "fhir_service_request_sp_code_idx" ON "fhir_service_request" USING gin ("sp_code")`,
  `CREATE INDEX "fhir_service_request_sp_category_idx" ON "fhir_service_request" USING gin ("sp_category")`,
  `CREATE INDEX "fhir_service_request_sp_authored_idx" ON "fhir_service_request" ("sp_authored_start", "sp_authored_end")`,
  `CREATE INDEX "fhir_appointment_sp_identifier_idx" ON "fhir_appointment" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_appointment_sp_actor_idx" ON "fhir_appointment" USING gin ("sp_actor")`,
  `CREATE INDEX "fhir_appointment_sp_status_idx" ON "fhir_appointment" ("sp_status")`,
  `CREATE INDEX "fhir_appointment_sp_service_type_idx" ON "fhir_appointment" USING gin ("sp_service_type")`,
  `CREATE INDEX "fhir_appointment_sp_date_idx" ON "fhir_appointment" ("sp_date_start", "sp_date_end")`,
  `CREATE INDEX "fhir_medication_statement_sp_identifier_idx" ON "fhir_medication_statement" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_medication_statement_sp_subject_idx" ON "fhir_medication_statement" ("sp_subject")`,
  `CREATE INDEX "fhir_medication_statement_sp_status_idx" ON "fhir_medication_statement" ("sp_status")`,
  `CREATE INDEX "fhir_medication_statement_sp_code_idx" ON "fhir_medication_statement" USING gin ("sp_code")`,
  `CREATE INDEX "fhir_medication_statement_sp_category_idx" ON "fhir_medication_statement" USING gin ("sp_category")`,
  `CREATE INDEX "fhir_medication_statement_sp_effective_idx" ON "fhir_medication_statement" ("sp_effective_start", "sp_effective_end")`,
  `CREATE INDEX "fhir_communication_sp_identifier_idx" ON "fhir_communication" USING gin ("sp_identifier")`,
  `CREATE INDEX "fhir_communication_sp_subject_idx" ON "fhir_communication" ("sp_subject")`,
  `CREATE INDEX "fhir_communication_sp_sender_idx" ON "fhir_communication" ("sp_sender")`,
  `CREATE INDEX "fhir_communication_sp_recipient_idx" ON "fhir_communication" USING gin ("sp_recipient")`,
  `CREATE INDEX "fhir_communication_sp_based_on_idx" ON "fhir_communication" USING gin ("sp_based_on")`,
  `CREATE INDEX "fhir_communication_sp_status_idx" ON "fhir_communication" ("sp_status")`,
  `CREATE INDEX "fhir_communication_sp_category_idx" ON "fhir_communication" USING gin ("sp_category")`,
  `CREATE INDEX "fhir_communication_sp_sent_idx" ON "fhir_communication" ("sp_sent_start", "sp_sent_end")`,
  `CREATE INDEX "fhir_task_owner_status_updated_idx" ON "fhir_task" ("sp_owner", "sp_status", "last_updated", "id")`,
  `CREATE INDEX "fhir_task_requester_status_updated_idx" ON "fhir_task" ("sp_requester", "sp_status", "last_updated", "id")`,
];

export class FhirStore1763880000000 implements MigrationInterface {
  name = 'FhirStore1763880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fhir_history" (
      "resource_type" text NOT NULL,
      "id" text NOT NULL,
      "version_id" integer NOT NULL,
      "last_updated" timestamptz NOT NULL,
      "method" text NOT NULL CHECK ("method" IN ('create', 'update', 'delete')),
      "resource" jsonb,
      PRIMARY KEY ("resource_type", "id", "version_id")
    )`);
    await queryRunner.query(`CREATE INDEX "fhir_history_type_updated_idx" ON "fhir_history" ("resource_type", "last_updated", "id", "version_id")`);
    await queryRunner.query(`CREATE TABLE "fhir_identifier" (
      "resource_type" text NOT NULL,
      "system" text NOT NULL,
      "value" text NOT NULL,
      "resource_id" text NOT NULL,
      CONSTRAINT "fhir_identifier_pkey" PRIMARY KEY ("resource_type", "system", "value")
    )`);
    await queryRunner.query(`CREATE INDEX "fhir_identifier_resource_idx" ON "fhir_identifier" ("resource_type", "resource_id")`);
    for (const statement of RESOURCE_TABLES) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = RESOURCE_TABLES.filter((s) => s.startsWith('CREATE TABLE')).map((s) => /CREATE TABLE "([^"]+)"/.exec(s)![1]);
    for (const table of tables) await queryRunner.query(`DROP TABLE "${table}"`);
    await queryRunner.query(`DROP TABLE "fhir_identifier"`);
    await queryRunner.query(`DROP TABLE "fhir_history"`);
  }
}
