import { Injectable, OnModuleInit } from '@nestjs/common';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { MultidoseBoardPanel, MultidoseCoverage } from '@app/fhir/multidose/multidose-board-panel';
import { BoardPanelProvider, CountedPanel } from '../../board-panels/board-panel.provider';
import { BoardPanelRegistry } from '../../board-panels/board-panels.registry';
import { Database } from '../../database/sql-client';
import { OutboxRow, changesOf } from '../../outbox/outbox-row';
import { MultidoseCoverageQuery } from './multidose-coverage.query';

const HOSPITAL_KEY = 'sv:urn:bro:organization-type|hospital';

/**
 * The e-multidose panel of the live board: GP offices and GPs connected to e-multidose and using PLL, of
 * all, and the monthly trend toward 100 %. Offices and GPs are no patients: nothing to suppress, so the
 * panel names no cells that count the same tasks. The per-patient cells of the multidose episode join this
 * panel (and its `sameTasks`) when the episode is built.
 */
@Injectable()
export class MultidoseBoardPanelProvider implements BoardPanelProvider<'multidose'>, OnModuleInit {
  readonly panel = 'multidose';

  constructor(
    private readonly database: Database,
    private readonly coverage: MultidoseCoverageQuery,
    private readonly registry: BoardPanelRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CountedPanel<MultidoseBoardPanel>>> {
    if (scopes.length === 0) return new Map();
    const coverage = await this.coverage.coverage(this.database, scopes, now);
    return new Map(scopes.map((scope) => [scope, countedMultidose(coverage.get(scope)!)]));
  }

  /**
   * A change of a GP office (its capability, or it opening or closing) or of a GP's role there moves the
   * municipality's board, every hospital's (which count all offices) and that office's.
   */
  async boardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]> {
    const organizations = changesOf(events, 'Organization').map((event) => event.resource_id!);
    const roles = changesOf(events, 'PractitionerRole').map((event) => event.resource_id!);
    if (organizations.length === 0 && roles.length === 0) return [];
    const { rows } = await this.database.query<{ scope: string }>(
      `SELECT 'hospital:Organization/' || id AS scope FROM fhir_organization WHERE sp_type && ARRAY[$1]::text[]
       UNION SELECT 'office:' || sp_organization FROM fhir_practitioner_role WHERE id = ANY($2::text[]) AND sp_organization IS NOT NULL`,
      [HOSPITAL_KEY, roles],
    );
    return [...new Set<BoardScope>(['municipality', ...organizations.map((id) => `office:Organization/${id}` as BoardScope), ...rows.map((row) => row.scope as BoardScope)])];
  }
}

/** One board's panel: coverage counts offices and GPs, never patients, so it is shown as counted. */
export function countedMultidose(coverage: MultidoseCoverage): CountedPanel<MultidoseBoardPanel> {
  return { sameTasks: [], show: () => ({ coverage }) };
}
