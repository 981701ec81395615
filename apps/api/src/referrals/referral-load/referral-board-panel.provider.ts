import { Injectable, OnModuleInit } from '@nestjs/common';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { ReferralBoardPanel } from '@app/fhir/referrals/referral-board-panel';
import { Disclosure, SameTasks, TaskCount } from '../../access/complementary-suppression';
import { BoardPanelProvider, CountedPanel, boardsOf } from '../../board-panels/board-panel.provider';
import { BoardPanelRegistry } from '../../board-panels/board-panels.registry';
import { Database } from '../../database/sql-client';
import { OutboxRow } from '../../outbox/outbox-row';
import { referralChangeOf } from '../referral-event';
import { ReferralCalendar, ReferralFiguresQuery, ReferralNowCounts } from './referral-figures.query';

/**
 * The referrals panel of the live board, from `referral_case`: the low-threshold queue now (waiting and
 * taken), its cases past their triage deadline, referrals past their assessment deadline without an
 * answer, and this week's rejections, routed or not. One grouped pass for all due boards.
 */
@Injectable()
export class ReferralBoardPanelProvider implements BoardPanelProvider<'referrals'>, OnModuleInit {
  readonly panel = 'referrals';

  constructor(
    private readonly database: Database,
    private readonly figures: ReferralFiguresQuery,
    private readonly registry: BoardPanelRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async count(scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CountedPanel<ReferralBoardPanel>>> {
    if (scopes.length === 0) return new Map();
    const { calendar, counts } = await this.figures.now(this.database, scopes, now);
    return new Map(scopes.map((scope) => [scope, countedReferrals(calendar, counts.get(scope)!)]));
  }

  /** A referral's or its case's move changes the boards of its hospital and its GP office (and the municipality's). */
  async boardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]> {
    const referrals = [...new Set(events.map((event) => referralChangeOf(event)?.referralTaskId).filter((id): id is string => !!id))];
    if (referrals.length === 0) return [];
    const places = await this.figures.placesOf(this.database, referrals);
    const scopes = places.flatMap((place) => [
      ...boardsOf({ hospital: place.hospital, office: place.office }),
      // A unit that is part of no hospital is a hospital board of its own.
      ...(place.hospital ? [] : [`hospital:${place.unit}` as BoardScope]),
    ]);
    return [...new Set<BoardScope>(['municipality', ...scopes])];
  }
}

/**
 * One board's referrals panel as counted. Cells that count the same cases: the open queue and its waiting
 * and taken cases; this week's rejections and those routed and not routed.
 */
export function countedReferrals(calendar: ReferralCalendar, counts: ReferralNowCounts): CountedPanel<ReferralBoardPanel> {
  const sameTasks: SameTasks[] = [
    { whole: [counts.openInQueue], parts: [counts.waiting, counts.claimed] },
    { whole: [counts.rejected], parts: [counts.routed, counts.notRouted] },
  ];
  const thisWeek = calendar.weeks[calendar.weeks.length - 1];
  return {
    sameTasks,
    show(disclosure: Disclosure): ReferralBoardPanel {
      const show = (cell: TaskCount) => disclosure.show(cell);
      return {
        now: {
          openInQueue: show(counts.openInQueue),
          waiting: show(counts.waiting),
          claimed: show(counts.claimed),
          overdueTriage: show(counts.overdueTriage),
          unansweredPastDeadline: show(counts.unansweredPastDeadline),
        },
        thisWeek: { week: thisWeek.week, weekStart: thisWeek.weekStart, rejected: show(counts.rejected), routed: show(counts.routed), notRouted: show(counts.notRouted) },
      };
    },
  };
}
