import { Injectable, OnModuleInit } from '@nestjs/common';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { MultidoseBoardPanel, MultidoseCoverage, MultidosePatients } from '@app/fhir/multidose/multidose-board-panel';
import { Disclosure, SameTasks } from '../../access/complementary-suppression';
import { BoardPanelProvider, CountedPanel } from '../../board-panels/board-panel.provider';
import { BoardPanelRegistry } from '../../board-panels/board-panels.registry';
import { Database } from '../../database/sql-client';
import { OutboxRow, changesOf } from '../../outbox/outbox-row';
import { multidoseChangeOf } from '../episode/multidose-event';
import { multidoseUpdateOf } from '../episode/multidose-update-event';
import { MultidoseCoverageQuery } from './multidose-coverage.query';
import { MultidoseFiguresQuery, MultidoseNowCounts } from './multidose-figures.query';

const HOSPITAL_KEY = 'sv:urn:bro:organization-type|hospital';

/**
 * The e-multidose panel of the live board: GP offices and GPs connected to e-multidose and using PLL, of
 * all, and the monthly trend toward 100 % (offices and GPs are no patients: shown as counted); and the
 * multidose patients now — pending changes and how long they have waited, updates past their due date, the
 * old-list deviations, paper vs e-multidose and paper patients at offices not connected — suppressed as
 * every patient count is.
 */
@Injectable()
export class MultidoseBoardPanelProvider implements BoardPanelProvider<'multidose'>, OnModuleInit {
  readonly panel = 'multidose';

  constructor(
    private readonly database: Database,
    private readonly coverage: MultidoseCoverageQuery,
    private readonly registry: BoardPanelRegistry,
    // Last and stateless, so a benchmark that builds the provider by hand need not name it.
    private readonly figures: MultidoseFiguresQuery = new MultidoseFiguresQuery(),
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CountedPanel<MultidoseBoardPanel>>> {
    if (scopes.length === 0) return new Map();
    const [coverage, patients] = await Promise.all([this.coverage.coverage(this.database, scopes, now), this.figures.now(this.database, scopes, now)]);
    return new Map(scopes.map((scope) => [scope, countedMultidose(coverage.get(scope)!, patients.get(scope)!)]));
  }

  /**
   * A change of a GP office (its capability, or it opening or closing) or of a GP's role there moves the
   * municipality's board, every hospital's (which count all offices) and that office's.
   */
  async boardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]> {
    const organizations = changesOf(events, 'Organization').map((event) => event.resource_id!);
    const roles = changesOf(events, 'PractitionerRole').map((event) => event.resource_id!);
    const patients = await this.patientBoardsChangedBy(events);
    if (organizations.length === 0 && roles.length === 0) return patients;
    const { rows } = await this.database.query<{ scope: string }>(
      `SELECT 'hospital:Organization/' || id AS scope FROM fhir_organization WHERE sp_type && ARRAY[$1]::text[]
       UNION SELECT 'office:' || sp_organization FROM fhir_practitioner_role WHERE id = ANY($2::text[]) AND sp_organization IS NOT NULL`,
      [HOSPITAL_KEY, roles],
    );
    return [
      ...new Set<BoardScope>(['municipality', ...patients, ...organizations.map((id) => `office:Organization/${id}` as BoardScope), ...rows.map((row) => row.scope as BoardScope)]),
    ];
  }

  /**
   * An episode's move (or its old-list flag) and an update Task's move change the municipality's board, every
   * hospital's (which count every multidose patient) and the episode's office's. Other workflows' events give none.
   */
  private async patientBoardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]> {
    const offices = new Set<string>();
    const episodes = new Set<string>();
    for (const event of events) {
      const change = multidoseChangeOf(event);
      if (change) {
        if (change.organization) offices.add(change.organization);
        continue;
      }
      const update = multidoseUpdateOf(event);
      if (update?.episodeId) episodes.add(update.episodeId);
    }
    if (offices.size === 0 && episodes.size === 0) return [];
    const { rows } = await this.database.query<{ scope: string }>(
      `SELECT 'hospital:Organization/' || id AS scope FROM fhir_organization WHERE sp_type && ARRAY[$1]::text[]
       UNION SELECT 'office:' || sp_organization FROM fhir_episode_of_care WHERE id = ANY($2::text[]) AND sp_organization IS NOT NULL`,
      [HOSPITAL_KEY, [...episodes]],
    );
    return ['municipality', ...[...offices].map((office) => `office:${office}` as BoardScope), ...rows.map((row) => row.scope as BoardScope)];
  }
}

/**
 * Cells that count the same patients: the open episodes and their e-multidose and paper parts (when every
 * open episode has a mode; otherwise the unshown remainder already keeps a hidden part from being worked out).
 */
export function multidosePatientGroups(counts: MultidoseNowCounts): SameTasks[] {
  return [{ whole: [counts.open], parts: [counts.eMultidose, counts.paper] }];
}

/** The multidose patients now as shown: every count through the suppression; the waits hidden with their count. */
export function shownMultidosePatients(counts: MultidoseNowCounts, disclosure: Disclosure): MultidosePatients {
  const pendingHidden = disclosure.isHidden(counts.pendingChanges);
  return {
    pendingChanges: disclosure.show(counts.pendingChanges),
    // A wait over 1–4 patients would tell about them.
    waited: pendingHidden ? { medianHours: null, longestHours: null, medianWorkingDays: null, longestWorkingDays: null } : counts.waited,
    overdueUpdates: disclosure.show(counts.overdueUpdates),
    oldListDeviations: disclosure.show(counts.oldListDeviations),
    open: disclosure.show(counts.open),
    eMultidose: disclosure.show(counts.eMultidose),
    paper: disclosure.show(counts.paper),
    paperOfficeNotConnected: disclosure.show(counts.paperOfficeNotConnected),
  };
}

/**
 * One board's panel as counted. Coverage counts offices and GPs, never patients, so it is shown as counted;
 * every patient count goes through the board's suppression.
 */
export function countedMultidose(coverage: MultidoseCoverage, counts: MultidoseNowCounts): CountedPanel<MultidoseBoardPanel> {
  return {
    sameTasks: multidosePatientGroups(counts),
    show: (disclosure: Disclosure): MultidoseBoardPanel => ({ coverage, patients: shownMultidosePatients(counts, disclosure) }),
  };
}
