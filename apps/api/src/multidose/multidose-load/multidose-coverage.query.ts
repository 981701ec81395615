import { Injectable } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { GP_OFFICE_CAPABILITY_EXTENSION, OfficeCapabilityPart } from '@app/fhir';
import { COVERAGE_MONTHS, CoverageMonth, EpjSystemCoverage, MultidoseCoverage, coverageShare } from '@app/fhir/multidose/multidose-board-panel';
import { addDays, osloDate } from '../../common/calendar/oslo-calendar';
import { SqlClient } from '../../database/sql-client';

const GP_OFFICE_KEY = 'sv:urn:bro:organization-type|gp-office';
const GP_ROLE_KEY = 'sv:urn:bro:practitioner-role|gp';

/** One active GP office as coverage counts it. */
export interface OfficeCoverageRow {
  office: string;
  pllSince: string | null;
  eMultidoseSince: string | null;
  epjSystem: string | null;
  gps: number;
}

/** The months the trend shows, oldest first: each month's last day, this month's today. */
export function coverageMonths(today: string, months = COVERAGE_MONTHS): Array<{ month: string; asOf: string }> {
  const [year, month] = today.split('-').map(Number);
  return Array.from({ length: months }, (_, index) => {
    const back = months - 1 - index;
    const first = new Date(Date.UTC(year, month - 1 - back, 1)).toISOString().slice(0, 10);
    const last = addDays(new Date(Date.UTC(year, month - back, 1)).toISOString().slice(0, 10), -1);
    return { month: first.slice(0, 7), asOf: back === 0 ? today : last };
  });
}

/**
 * Coverage over a set of offices: how many (and how many GPs at them) are connected to e-multidose and use
 * PLL today, and at the end of each of the last months by the since-dates. The trend reads today's offices
 * and GPs back in time: an office that closed, or a GP who moved, is not counted where they were.
 */
export function coverageOf(rows: OfficeCoverageRow[], area: MultidoseCoverage['area'], today: string): MultidoseCoverage {
  const offices = rows.length;
  const gps = rows.reduce((sum, row) => sum + row.gps, 0);
  const at = (asOf: string) => {
    const emd = rows.filter((row) => row.eMultidoseSince !== null && row.eMultidoseSince <= asOf);
    const pll = rows.filter((row) => row.pllSince !== null && row.pllSince <= asOf);
    return {
      officesEMultidose: coverageShare(emd.length, offices),
      gpsEMultidose: coverageShare(emd.reduce((sum, row) => sum + row.gps, 0), gps),
      officesPll: coverageShare(pll.length, offices),
      gpsPll: coverageShare(pll.reduce((sum, row) => sum + row.gps, 0), gps),
    };
  };
  const now = at(today);
  const monthlyTrend: CoverageMonth[] = coverageMonths(today).map(({ month, asOf }) => {
    const figures = at(asOf);
    return { month, asOf, officesEMultidose: figures.officesEMultidose, gpsEMultidose: figures.gpsEMultidose, officesPll: figures.officesPll };
  });
  return {
    area,
    asOf: today,
    offices: { eMultidose: now.officesEMultidose, pll: now.officesPll },
    gps: { eMultidose: now.gpsEMultidose, pll: now.gpsPll },
    monthlyTrend,
  };
}

/** Offices by EPJ system (as recorded, trimmed; "not known" last), most offices first. */
export function byEpjSystem(rows: OfficeCoverageRow[], today: string): EpjSystemCoverage[] {
  const groups = new Map<string | null, EpjSystemCoverage>();
  for (const row of rows) {
    const key = row.epjSystem?.trim() || null;
    const group = groups.get(key) ?? { epjSystem: key, offices: 0, eMultidose: 0, pll: 0 };
    group.offices++;
    if (row.eMultidoseSince !== null && row.eMultidoseSince <= today) group.eMultidose++;
    if (row.pllSince !== null && row.pllSince <= today) group.pll++;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => {
    if ((a.epjSystem === null) !== (b.epjSystem === null)) return a.epjSystem === null ? 1 : -1;
    return b.offices - a.offices || (a.epjSystem ?? '').localeCompare(b.epjSystem ?? '', 'nb');
  });
}

const part = (name: OfficeCapabilityPart, value: 'valueDate' | 'valueString') =>
  `(SELECT p->>'${value}' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(o.resource->'extension') = 'array' THEN o.resource->'extension' ELSE '[]'::jsonb END) x,
          jsonb_array_elements(CASE WHEN jsonb_typeof(x->'extension') = 'array' THEN x->'extension' ELSE '[]'::jsonb END) p
    WHERE x->>'url' = $3 AND p->>'url' = '${name}' LIMIT 1)`;

/**
 * The e-multidose coverage of GP offices, read from the directory itself (the capability extension on each
 * office's Organization, its GPs' PractitionerRoles): one statement for every board due, whatever their number.
 */
@Injectable()
export class MultidoseCoverageQuery {
  /** Every active GP office, or only these (`Organization/<id>`), with its capability dates and active GPs. */
  async offices(client: SqlClient, only?: string[]): Promise<OfficeCoverageRow[]> {
    const { rows } = await client.query<{ office: string; pll_since: string | null; emd_since: string | null; epj: string | null; gps: number }>(
      `SELECT 'Organization/' || o.id AS office,
              ${part(OfficeCapabilityPart.PllInUseSince, 'valueDate')} AS pll_since,
              ${part(OfficeCapabilityPart.EMultidoseConnectedSince, 'valueDate')} AS emd_since,
              ${part(OfficeCapabilityPart.EpjSystem, 'valueString')} AS epj,
              coalesce(g.gps, 0)::int AS gps
         FROM fhir_organization o
         LEFT JOIN (SELECT sp_organization, count(*) AS gps FROM fhir_practitioner_role
                     WHERE sp_role && ARRAY[$2]::text[] AND coalesce((resource->>'active')::boolean, true)
                     GROUP BY sp_organization) g ON g.sp_organization = 'Organization/' || o.id
        WHERE o.sp_type && ARRAY[$1]::text[] AND coalesce((o.resource->>'active')::boolean, true)
          AND ($4::text[] IS NULL OR 'Organization/' || o.id = ANY($4::text[]))`,
      [GP_OFFICE_KEY, GP_ROLE_KEY, GP_OFFICE_CAPABILITY_EXTENSION, only ?? null],
    );
    return rows.map((row) => ({ office: row.office, pllSince: row.pll_since, eMultidoseSince: row.emd_since, epjSystem: row.epj, gps: row.gps }));
  }

  /**
   * Each board's coverage: the municipality's and a hospital's count every GP office (a hospital's patients
   * go home to all of them), an office's board its own office.
   */
  async coverage(client: SqlClient, scopes: BoardScope[], now: Date): Promise<Map<BoardScope, MultidoseCoverage>> {
    const today = osloDate(now);
    const rows = await this.offices(client);
    const byOffice = new Map(rows.map((row) => [row.office, row]));
    const all = scopes.some((scope) => parseBoardScope(scope)?.kind !== 'office') ? coverageOf(rows, 'municipality', today) : undefined;
    return new Map(
      scopes.map((scope) => {
        const parsed = parseBoardScope(scope);
        if (parsed?.kind !== 'office') return [scope, all!];
        const own = byOffice.get(parsed.organization!);
        return [scope, coverageOf(own ? [own] : [], 'office', today)];
      }),
    );
  }
}
