/**
 * What the live board and the quality dashboard show: the shapes the API sends and the web app
 * draws. Plain types and pure helpers only, so the browser can import this file directly.
 */
import type { DischargeBoardPanel } from '../transfers/discharge-board-panel';
import type { ConsultationBoardPanel } from '../consultations/consultation-board-panel';
import type { ReferralBoardPanel } from '../referrals/referral-board-panel';
import type { MultidoseBoardPanel } from '../multidose/multidose-board-panel';
import type { RevolvingDoorBoardPanel } from '../api/revolving-door-answers';

/**
 * A count of tasks that would reveal fewer than five patients is shown as "<5", never as the number;
 * zero stays 0 (it reveals nobody).
 */
export const SUPPRESSED = '<5' as const;
export type CountCell = number | typeof SUPPRESSED;

/** The fewest patients a shown count may be about. */
export const MIN_PATIENTS_PER_CELL = 5;

/** Shows `tasks` unless it counts 1 to 4 patients. */
export function suppressedCount(tasks: number, patients: number): CountCell {
  return patients > 0 && patients < MIN_PATIENTS_PER_CELL ? SUPPRESSED : tasks;
}

/**
 * Which part of Bergen a board looks at: `municipality`, `hospital:Organization/<id>` (a hospital and
 * all its units) or `office:Organization/<id>` (one GP office).
 */
export type BoardScopeKind = 'municipality' | 'hospital' | 'office';
export type BoardScope = 'municipality' | `hospital:Organization/${string}` | `office:Organization/${string}`;

export interface BoardScopeOption {
  scope: BoardScope;
  kind: BoardScopeKind;
  /** The organisation's name; "Bergen kommune" for the municipality. */
  label: string;
}

export function parseBoardScope(value: unknown): { kind: BoardScopeKind; organization?: string } | undefined {
  if (value === 'municipality') return { kind: 'municipality' };
  if (typeof value !== 'string') return undefined;
  const match = /^(hospital|office):(Organization\/[A-Za-z0-9\-.]{1,64})$/.exec(value);
  return match ? { kind: match[1] as BoardScopeKind, organization: match[2] } : undefined;
}

/** Hours from hand-over to acceptance (or completion); null when no task in the cell got there, "<5" when too few patients. */
export interface DurationSummary {
  medianHours: number | null | typeof SUPPRESSED;
  p90Hours: number | null | typeof SUPPRESSED;
  /** How many tasks the figures are from. */
  tasks: CountCell;
}

export interface ReasonCount {
  reason: string;
  count: CountCell;
}

export interface QueueHealthSummary {
  /** Jobs waiting or delayed across Bro's delivery queues. */
  depth: number;
  /** Seconds the oldest waiting job has waited; 0 when none waits. */
  oldestWaitingSeconds: number;
  /** p99 of queued → delivered in milliseconds over recent deliveries; null before any. */
  deliveryP99Ms: number | null;
  failed: number;
}

/**
 * The panels a board can show, by key: one per workflow that registers a board figure provider with
 * the API. Adding a workflow's panel here is what lets the API send it and makes the web app draw it.
 */
export interface BoardPanelTypes {
  /** Task transfer at discharge: hospitals hand follow-up tasks over to GPs. */
  discharge: DischargeBoardPanel;
  /** Joint discharge consultations: proposed, booked, held, declined or cancelled; and what they change. */
  consultations: ConsultationBoardPanel;
  /** Rejected referrals and the low-threshold service: the queue, overdue triage, unanswered referrals, this week's rejections. */
  referrals: ReferralBoardPanel;
  /** e-multidose: GP offices and GPs connected (and using PLL) of all, and the trend toward 100 %. */
  multidose: MultidoseBoardPanel;
  /** Revolving-door patients: readmission rate of patients 67 or more, per week, and with or without a joint consultation. */
  revolvingDoor: RevolvingDoorBoardPanel;
}
export type BoardPanelKey = keyof BoardPanelTypes;

/**
 * The panels of one board: those of the providers that exist. A workflow without a provider has no
 * panel at all, never a made-up zero.
 */
export type BoardPanels = { [K in BoardPanelKey]?: BoardPanelTypes[K] };

export interface BoardSnapshot {
  scope: BoardScope;
  scopeLabel: string;
  /** Grows with every frame sent for this scope; a delta applies only on top of the version before it. */
  version: number;
  generatedAt: string;
  panels: BoardPanels;
  /** Delivery queue health: the same on every board, whatever the workflows. */
  queues: QueueHealthSummary;
}

/** What a delta changes in the panels: per panel the parts of it that differ, or null for a panel the board no longer has. */
export type BoardPanelChanges = { [K in BoardPanelKey]?: Partial<BoardPanelTypes[K]> | null };

/** Only what changed since `version - 1`: top-level parts replaced whole, and panels part by part. */
export interface BoardDelta {
  scope: BoardScope;
  version: number;
  changes: Partial<Pick<BoardSnapshot, 'scopeLabel' | 'generatedAt' | 'queues'>> & { panels?: BoardPanelChanges };
}

/** The snapshot a delta makes of the one before it (the caller checks that the versions follow on). */
export function applyBoardDelta(snapshot: BoardSnapshot, delta: BoardDelta): BoardSnapshot {
  const { panels: panelChanges, ...parts } = delta.changes;
  const panels: Record<string, unknown> = { ...snapshot.panels };
  for (const [key, change] of Object.entries(panelChanges ?? {})) {
    if (change === null) delete panels[key];
    else panels[key] = { ...(panels[key] as object | undefined), ...change };
  }
  return { ...snapshot, ...parts, panels: panels as BoardPanels, version: delta.version };
}

/** Socket.io on namespace `/board`: the client asks with `subscribe`, the server answers with a snapshot and then sends deltas. */
export enum BoardEvent {
  Subscribe = 'subscribe',
  Unsubscribe = 'unsubscribe',
  Delta = 'delta',
}

export const BOARD_NAMESPACE = '/board';

/** Answer to a `subscribe` (socket.io acknowledgement). */
export type BoardSubscribeAck = { ok: true; snapshot: BoardSnapshot } | { ok: false; status: number; error: string };

/** The quality dashboard's filters; every one optional. Dates are Europe/Oslo calendar days, inclusive. */
export interface QualityFilters {
  from?: string;
  to?: string;
  unit?: string;
  category?: string;
  office?: string;
}

export interface QualityWeekRow {
  week: string;
  weekStart: string;
  transferred: CountCell;
  contested: CountCell;
  accepted: CountCell;
  completed: CountCell;
  medianHoursToAccept: number | null | typeof SUPPRESSED;
}

export interface QualityBreakdownRow {
  key: string;
  label: string;
  transferred: CountCell;
  contested: CountCell;
}

export interface QualityReport {
  /** The filters applied, with the defaults filled in (the last 12 weeks). */
  filters: Required<Pick<QualityFilters, 'from' | 'to'>> & QualityFilters;
  totals: { transferred: CountCell; contested: CountCell; accepted: CountCell; completed: CountCell };
  weeks: QualityWeekRow[];
  byCategory: QualityBreakdownRow[];
  byUnit: QualityBreakdownRow[];
  byOffice: QualityBreakdownRow[];
  contestedReasons: ReasonCount[];
  timeToAccept: DurationSummary;
  timeToComplete: DurationSummary;
}

export interface QualityFilterOptions {
  units: Array<{ reference: string; name: string }>;
  offices: Array<{ reference: string; name: string }>;
  categories: Array<{ code: string; display: string; displayEn: string }>;
}
