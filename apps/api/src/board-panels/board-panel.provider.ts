import { BoardPanelKey, BoardPanelTypes, BoardScope } from '@app/fhir/board/board-metrics';
import { OutboxRow } from '../outbox/outbox-row';
import { Disclosure, SameTasks } from '../access/complementary-suppression';
import { BoardViewer } from '../access/board-viewer';

/**
 * One board's panel as counted, before anything is shown: the cells that count the same tasks, and
 * how the panel reads once the board has decided which counts may be shown.
 */
export interface CountedPanel<Panel> {
  /** Every group of cells that count the same tasks (a total and its breakdown), so a hidden cell cannot be worked out from the others. */
  sameTasks: SameTasks[];
  /** The panel as the board shows it: every count in it through `disclosure.show`. */
  show(disclosure: Disclosure): Panel;
}

/**
 * A workflow's figures on the live board. The workflow registers it (BoardPanelRegistry) and owns its
 * projection and queries; the board asks every provider for the boards due in a frame together and
 * applies the suppression rules to what each counted.
 */
export interface BoardPanelProvider<K extends BoardPanelKey = BoardPanelKey> {
  /** The panel this provider fills (a key of BoardPanelTypes). */
  readonly panel: K;
  /** The panel of many boards at once: one grouped pass per figure for all of them, not one per board. */
  count(scopes: BoardScope[], now: Date): Promise<Map<BoardScope, CountedPanel<BoardPanelTypes[K]>>>;
  /**
   * For boards read by a viewer who may see some of what they count (`boardViewerOf`): whether every
   * record this panel counts on that board is one the viewer may see, so its counts are shown to them
   * exactly. A provider without it leaves its counts suppressed for everyone; false is always safe.
   */
  seenWhollyBy?(boards: Array<{ scope: BoardScope; viewer: BoardViewer }>, now: Date): Promise<boolean[]>;
  /** The boards that committed changes (outbox events) move this panel on; events about other workflows give none. */
  boardsChangedBy(events: OutboxRow[]): Promise<BoardScope[]>;
}

/** The boards a thing counts on: the municipality's, its hospital's and its GP office's. */
export function boardsOf(place: { hospital: string | null; office: string | null }): BoardScope[] {
  const scopes: BoardScope[] = ['municipality'];
  if (place.hospital) scopes.push(`hospital:${place.hospital}` as BoardScope);
  if (place.office) scopes.push(`office:${place.office}` as BoardScope);
  return scopes;
}
