import { Injectable } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { Database } from '../database/sql-client';

const MUNICIPALITY_LABEL = 'Bergen kommune';

/** An Organization.type containing this Bro organisation type, as JSON for `resource->'type' @> $n::jsonb`. */
export function organizationTypeJson(code: 'hospital' | 'hospital-unit' | 'gp-office'): string {
  return JSON.stringify([{ coding: [{ system: 'urn:bro:organization-type', code }] }]);
}

/** Names of organisations for labels on the board and the dashboard: looked up together, never per row. */
@Injectable()
export class OrganizationNames {
  constructor(private readonly database: Database) {}

  async namesOf(references: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(references.filter((r) => r.startsWith('Organization/')).map((r) => r.slice('Organization/'.length)))];
    if (ids.length === 0) return new Map();
    const { rows } = await this.database.query<{ id: string; name: string | null }>(
      `SELECT id, resource->>'name' AS name FROM fhir_organization WHERE id = ANY($1::text[])`,
      [ids],
    );
    return new Map(rows.map((row) => [`Organization/${row.id}`, row.name ?? `Organization/${row.id}`]));
  }

  async labelOf(scope: BoardScope): Promise<string> {
    const parsed = parseBoardScope(scope);
    if (!parsed?.organization) return MUNICIPALITY_LABEL;
    return (await this.namesOf([parsed.organization])).get(parsed.organization) ?? parsed.organization;
  }
}
