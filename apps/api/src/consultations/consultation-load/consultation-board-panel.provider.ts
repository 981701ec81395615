import { Injectable, OnModuleInit } from '@nestjs/common';
import { BoardScope, CountCell } from '@app/fhir/board/board-metrics';
import { ConsultationBoardPanel, ConsultationOutcomes, CountedShare } from '@app/fhir/consultations/consultation-board-panel';
import { Disclosure, SameTasks, TaskCount } from '../../access/complementary-suppression';
import { BoardPanelProvider, CountedPanel, boardsOf } from '../../board-panels/board-panel.provider';
import { BoardPanelRegistry } from '../../board-panels/board-panels.registry';
import { Database } from '../../database/sql-client';
import { OutboxRow, changesOf } from '../../outbox/outbox-row';
import { ConsultationFigures, ConsultationFiguresQuery, CoverageFigures, OUTCOMES, OutcomeCounts } from './consultation-figures.query';

/** The coverage figures read twelve weeks of hand-overs and move little with one change: recomputed about once a minute. */
const COVERAGE_MS = 60_000;

/**
 * The joint consultations panel of the live board, from `consultation_load`: proposed and what became of
 * them per week and planning unit (live), and from `task_load` how many discharges had a consultation and
 * how often their tasks were contested with and without one (about a minute old).
 */
@Injectable()
export class ConsultationBoardPanelProvider implements BoardPanelProvider<'consultations'>, OnModuleInit {
  readonly panel = 'consultations';
  private readonly coverage = new Map<BoardScope, { at: number; value: CoverageFigures }>();

  constructor(
    private readonly database: Database,
    private readonly figures: ConsultationFiguresQuery,
    private readonly registry: BoardPanelRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CountedPanel<ConsultationBoardPanel>>> {
    if (scopes.length === 0) return new Map();
    const stale = scopes.filter((scope) => Date.now() - (this.coverage.get(scope)?.at ?? 0) >= COVERAGE_MS);
    const [consultations, fresh] = await Promise.all([
      this.figures.consultations(this.database, scopes, now),
      stale.length ? this.figures.coverage(this.database, stale, now) : Promise.resolve(new Map<BoardScope, CoverageFigures>()),
    ]);
    for (const [scope, value] of fresh) this.coverage.set(scope, { at: Date.now(), value });
    return new Map(scopes.map((scope) => [scope, countedConsultations(consultations.get(scope)!, this.coverage.get(scope)!.value)]));
  }

  async boardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]> {
    const ids = changesOf(events, 'Appointment').map((event) => event.resource_id!);
    if (ids.length === 0) return [];
    // A deleted consultation has no row left: the municipality's board is marked, the others catch up at the periodic refresh.
    const { rows } = await this.database.query<{ hospital: string | null; gp_office: string | null }>(
      'SELECT DISTINCT hospital, gp_office FROM consultation_load WHERE appointment_id = ANY($1::text[])',
      [ids],
    );
    return [...new Set<BoardScope>(['municipality', ...rows.flatMap((row) => boardsOf({ hospital: row.hospital, office: row.gp_office }))])];
  }
}

function shareOf(count: CountCell, of: CountCell): CountedShare {
  return { of, count, share: typeof count === 'number' && typeof of === 'number' && of > 0 ? Math.round((count / of) * 1000) / 1000 : null };
}

/**
 * One board's consultations panel as counted. Cells that count the same consultations: each week's
 * (and each unit's) proposed and its four outcomes, and the weeks' proposed against the units'.
 */
export function countedConsultations(figures: ConsultationFigures, coverage: CoverageFigures): CountedPanel<ConsultationBoardPanel> {
  const outcomeGroup = (counts: OutcomeCounts): SameTasks => ({ whole: [counts.proposed], parts: OUTCOMES.map((outcome) => counts[outcome]) });
  const sameTasks: SameTasks[] = [
    ...figures.weeks.map(outcomeGroup),
    ...figures.byUnit.map(outcomeGroup),
    { whole: figures.weeks.map((week) => week.proposed), parts: figures.byUnit.map((unit) => unit.proposed) },
  ];
  return {
    sameTasks,
    show(disclosure: Disclosure): ConsultationBoardPanel {
      const show = (cell: TaskCount) => disclosure.show(cell);
      const outcomes = (counts: OutcomeCounts): ConsultationOutcomes => ({
        proposed: show(counts.proposed),
        awaiting: show(counts.awaiting),
        booked: show(counts.booked),
        held: show(counts.held),
        declinedOrCancelled: show(counts.declinedOrCancelled),
      });
      return {
        weeks: figures.weeks.map((week) => ({ week: week.week, weekStart: week.weekStart, ...outcomes(week) })),
        // Units whose count is hidden come after the others, by name: their place in the ranking would bound it.
        byUnit: disclosure
          .ranked(figures.byUnit, (unit) => unit.proposed, (unit) => unit.name)
          .map((unit) => ({ unit: unit.unit, name: unit.name, ...outcomes(unit) })),
        dischargesWithConsultation: shareOf(show(coverage.dischargesWith), show(coverage.discharges)),
        contestedWithConsultation: shareOf(show(coverage.contestedWith), show(coverage.tasksWith)),
        contestedWithoutConsultation: shareOf(show(coverage.contestedWithout), show(coverage.tasksWithout)),
      };
    },
  };
}
