import { MigrationInterface, QueryRunner } from 'typeorm';

/** The stored types and their tables when this migration was written (frozen: later types come with their own migrations). */
const TABLES: Record<string, string> = {
  Patient: 'fhir_patient',
  Practitioner: 'fhir_practitioner',
  PractitionerRole: 'fhir_practitioner_role',
  Organization: 'fhir_organization',
  HealthcareService: 'fhir_healthcare_service',
  Encounter: 'fhir_encounter',
  Task: 'fhir_task',
  ServiceRequest: 'fhir_service_request',
  Appointment: 'fhir_appointment',
  MedicationStatement: 'fhir_medication_statement',
  Communication: 'fhir_communication',
  Subscription: 'fhir_subscription',
};
/** Relative references to a stored type, the form Bro's own writes use: `Type/id` or `Type/id/_history/n`. */
const LOCAL = `^(${Object.keys(TABLES).join('|')})/([A-Za-z0-9.-]{1,64})(/_history/[A-Za-z0-9.-]{1,64})?$`;

/**
 * Who points at whom: one row per (resource, resource it refers to). A delete asks it whether
 * anything still refers to the resource, so no reference is left pointing at nothing (a Task whose
 * Patient was deleted could never be updated again). Filled for the rows already stored from every
 * `reference` in them outside `contained`, the same references every write checks.
 */
export class ReferenceIndex1765500000100 implements MigrationInterface {
  name = 'ReferenceIndex1765500000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "fhir_reference" (
      "source_type" text NOT NULL,
      "source_id" text NOT NULL,
      "target" text NOT NULL,
      CONSTRAINT "fhir_reference_pkey" PRIMARY KEY ("source_type", "source_id", "target")
    )`);
    await queryRunner.query(`CREATE INDEX "fhir_reference_target_idx" ON "fhir_reference" ("target")`);
    for (const [type, table] of Object.entries(TABLES)) {
      await queryRunner.query(
        `INSERT INTO fhir_reference (source_type, source_id, target)
         SELECT DISTINCT $1, r.id, m[1] || '/' || m[2]
           FROM "${table}" r,
                jsonb_path_query(r.resource - 'contained', 'strict $.**.reference') AS ref,
                regexp_match(ref #>> '{}', $2) AS m
          WHERE jsonb_typeof(ref) = 'string' AND m IS NOT NULL AND m[1] || '/' || m[2] <> $1 || '/' || r.id`,
        [type, LOCAL],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "fhir_reference"`);
  }
}
