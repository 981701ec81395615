import { Injectable } from '@nestjs/common';
import { RECENT_COLLABORATION_DAYS } from '@app/fhir';
import { DirectoryInvolvement, DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { Database } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { DirectoryQuery } from './directory-query';
import { DirectorySearchRow, directoryEntryOf } from './directory-entry.answer';
import { InvolvedPartiesQuery } from './involved-parties.query';

/** One prepared statement per keystroke: the database function ranks and pages, the card's details come with the rows. */
const SEARCH_SQL = `SELECT * FROM directory_search($1::text[], $2::text[], $3::text[], $4::text[], $5::text, $6::text[], $7::text[], $8::int, $9::int, $10::int)`;

/**
 * The collaboration directory's search: by name (typo-tolerant, accents ignored), kind, service type,
 * specialty, district and "for this patient", ranked so the likeliest partner comes first. The directory
 * holds no patient data, so anyone signed in may search it (a system client within its directory scopes);
 * "for this patient" follows the patient's access rules and is audited.
 */
@Injectable()
export class DirectorySearchService {
  constructor(
    private readonly database: Database,
    private readonly fhir: FhirService,
    private readonly involved: InvolvedPartiesQuery,
  ) {}

  async search(caller: AccessPolicy, query: DirectoryQuery): Promise<DirectorySearchPage> {
    if (!caller.may('Organization', 'search')) throw DomainError.forbidden('searching the directory needs read access to it (system/Organization.s for a system client)');
    let only: string[] | null = null;
    let involvement: Map<string, DirectoryInvolvement[]> | undefined;
    if (query.patient) {
      const found = await this.involved.of(caller, query.patient);
      await this.fhir.recordAccess(this.database, caller.principal, found.sources);
      involvement = found.parties;
      only = [...found.parties.keys()];
      if (only.length === 0) return { entries: [], page: query.page, pageSize: query.pageSize, more: false };
    }
    const { rows } = await this.database.query<DirectorySearchRow>(
      SEARCH_SQL,
      [
        query.words,
        query.kinds ?? null,
        query.types ?? null,
        query.specialties ?? null,
        query.district ?? null,
        only,
        caller.scope.organizations,
        RECENT_COLLABORATION_DAYS,
        query.pageSize + 1,
        (query.page - 1) * query.pageSize,
      ],
      { prepared: true },
    );
    const entries = rows.slice(0, query.pageSize).map((row) => directoryEntryOf(row, involvement && involvementOf(involvement, row)));
    return { entries, page: query.page, pageSize: query.pageSize, more: rows.length > query.pageSize };
  }
}

/** An entry's parts in the patient's care: as itself, and as the person its role belongs to. */
function involvementOf(parties: Map<string, DirectoryInvolvement[]>, row: DirectorySearchRow): DirectoryInvolvement[] {
  const parts = [...(parties.get(row.ref) ?? []), ...((row.practitioner && parties.get(row.practitioner)) || [])];
  return [...new Set(parts)];
}
