import { Injectable, OnModuleInit } from '@nestjs/common';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { RevolvingDoorBoardPanel } from '@app/fhir/api/revolving-door-answers';
import { BoardPanelProvider, CountedPanel } from '../../board-panels/board-panel.provider';
import { BoardPanelRegistry } from '../../board-panels/board-panels.registry';
import { Database } from '../../database/sql-client';
import { OutboxRow, changesOf } from '../../outbox/outbox-row';
import { revolvingDoorFactsOf } from '../revolving-door/revolving-door-event';
import { BOARD_TREND_WEEKS, RevolvingDoorFiguresQuery } from './revolving-door-figures.query';
import { countedRevolvingDoor } from './revolving-door.figures';

/**
 * The revolving-door panel of the live board: of the discharges of patients 67 or more in the last 30 days,
 * how many came back acutely; the revolving-door patients readmitted in them with and without a joint
 * consultation; and the weekly readmission rate of the last 8 weeks. One grouped pass for all due boards;
 * aggregates only, suppressed as every board count is.
 */
@Injectable()
export class RevolvingDoorBoardPanelProvider implements BoardPanelProvider<'revolvingDoor'>, OnModuleInit {
  readonly panel = 'revolvingDoor';

  constructor(
    private readonly database: Database,
    private readonly figures: RevolvingDoorFiguresQuery,
    private readonly registry: BoardPanelRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CountedPanel<RevolvingDoorBoardPanel>>> {
    if (scopes.length === 0) return new Map();
    const counted = await this.figures.figures(this.database, scopes, now, BOARD_TREND_WEEKS);
    return new Map(scopes.map((scope) => [scope, countedRevolvingDoor(counted.get(scope)!)]));
  }

  /**
   * A stay that moved the projection names its boards in its event's facts; a joint consultation proposed,
   * moved or called off for a readmission moves that readmission's boards. Other events give none.
   */
  async boardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]> {
    const scopes = new Set<BoardScope>(events.flatMap((event) => revolvingDoorFactsOf(event)?.boards ?? []));
    const appointments = changesOf(events, 'Appointment').map((event) => event.resource_id!);
    for (const scope of await this.figures.boardsOfAppointments(this.database, appointments)) scopes.add(scope);
    return [...scopes];
  }
}
