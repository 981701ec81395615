import { MigrationInterface, QueryRunner } from 'typeorm';

const KIND_SYSTEM = 'urn:bro:task-kind';
const DISCHARGE = 'discharge-follow-up';
const CODING = JSON.stringify({ system: KIND_SYSTEM, code: DISCHARGE, display: 'Oppgave overført ved utskrivning' });

/**
 * Every Task carries its workflow's kind in Task.code (urn:bro:task-kind). The Tasks from before
 * kinds are all discharge hand-overs: their current version gets the coding in place, in the Task
 * table (and its `code` search column) and in the same version's history row, so read and vread
 * agree. This is a backfill of what the version always meant, not a change, so no new version.
 */
export class TaskKinds1765100000100 implements MigrationInterface {
  name = 'TaskKinds1765100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const withKind = (column: string) =>
      `jsonb_set(${column}, '{code}', coalesce(${column}->'code', '{}'::jsonb) || jsonb_build_object('coding', coalesce(${column}->'code'->'coding', '[]'::jsonb) || jsonb_build_array('${CODING}'::jsonb)))`;
    const lacksKind = (column: string) => `NOT coalesce(${column}->'code'->'coding', '[]'::jsonb) @> '[{"system": "${KIND_SYSTEM}"}]'::jsonb`;
    await queryRunner.query(`UPDATE fhir_history h SET resource = ${withKind('h.resource')}
      FROM fhir_task t WHERE h.resource_type = 'Task' AND h.id = t.id AND h.version_id = t.version_id AND ${lacksKind('h.resource')}`);
    await queryRunner.query(`UPDATE fhir_task SET resource = ${withKind('resource')},
        sp_code = coalesce(sp_code, '{}') || ARRAY['sv:${KIND_SYSTEM}|${DISCHARGE}', 'v:${DISCHARGE}', 's:${KIND_SYSTEM}']
      WHERE ${lacksKind('resource')}`);
  }

  async down(): Promise<void> {
    // The kind stays: it was always true of these Tasks.
  }
}
