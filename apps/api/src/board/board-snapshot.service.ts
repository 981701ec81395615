import { Injectable } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { BoardPanels, BoardSnapshot, QueueHealthSummary } from '@app/fhir/board/board-metrics';
import { QueueHealthService } from '../ops/queue-health.service';
import { CountedPanel } from '../board-panels/board-panel.provider';
import { BoardPanelRegistry } from '../board-panels/board-panels.registry';
import { Disclosure } from '../access/complementary-suppression';
import { OrganizationNames } from '../directory/organization-names';
import { BoardKey, boardOfKey } from './board-key';

/** The queues whose depth and latency the board shows: those that carry notifications to people and systems. */
const DELIVERY_QUEUES: QueueName[] = [QueueName.Matching, QueueName.InAppDelivery, QueueName.RestHookDelivery];

export type UnversionedSnapshot = Omit<BoardSnapshot, 'version'>;

/**
 * A counted panel as the board shows it: counts about 1–4 patients come out as "<5", and so does a
 * second cell wherever a total shown beside them would otherwise give them away. The same rules for
 * every panel, whichever workflow counted it.
 */
export function disclosed<Panel>(counted: CountedPanel<Panel>, seenWholly = false): Panel {
  // A panel whose every record the viewer may see has nothing to hide from them (see Disclosure).
  return counted.show(new Disclosure(counted.sameTasks, () => seenWholly));
}

/**
 * Everything one board shows for one scope: the panel of every registered provider (each counted for
 * all due boards at once) and the delivery queues' health.
 */
@Injectable()
export class BoardSnapshotService {
  private recentQueueSummary?: { at: number; value: Promise<QueueHealthSummary> };

  constructor(
    private readonly providers: BoardPanelRegistry,
    private readonly names: OrganizationNames,
    private readonly queueHealth: QueueHealthService,
  ) {}

  async snapshot(key: BoardKey, now = new Date()): Promise<UnversionedSnapshot> {
    return (await this.snapshots([key], now))[0];
  }

  /**
   * Several boards at once: every provider counts all of their scopes together, one pass per figure;
   * a board read by a viewer (its key names them) is then shown exactly where a provider says the
   * viewer may see everything its panel counts.
   */
  async snapshots(keys: BoardKey[], now = new Date()): Promise<UnversionedSnapshot[]> {
    if (keys.length === 0) return [];
    const boards = keys.map(boardOfKey);
    const scopes = [...new Set(boards.map((board) => board.scope))];
    const viewed = boards.flatMap((board) => (board.viewer ? [{ scope: board.scope, viewer: board.viewer }] : []));
    const providers = this.providers.all();
    const [counted, seen, labels, queues] = await Promise.all([
      Promise.all(providers.map((provider) => provider.count(scopes, now))),
      Promise.all(providers.map((provider) => (viewed.length && provider.seenWhollyBy ? provider.seenWhollyBy(viewed, now) : Promise.resolve(viewed.map(() => false))))),
      Promise.all(scopes.map((scope) => this.names.labelOf(scope))),
      this.queueSummary(),
    ]);
    const labelOf = new Map(scopes.map((scope, index) => [scope, labels[index]]));
    let viewerIndex = 0;
    return boards.map(({ scope, viewer }) => {
      const v = viewer ? viewerIndex++ : -1;
      const panels: Record<string, unknown> = {};
      providers.forEach((provider, p) => {
        const panel = counted[p].get(scope);
        if (panel) panels[provider.panel] = disclosed(panel, v >= 0 && seen[p][v] === true);
      });
      return { scope, scopeLabel: labelOf.get(scope)!, generatedAt: now.toISOString(), panels: panels as BoardPanels, queues };
    });
  }

  /** Queue health is the same for every scope: read at most once a second, however many boards are refreshed. */
  private queueSummary(): Promise<QueueHealthSummary> {
    if (!this.recentQueueSummary || Date.now() - this.recentQueueSummary.at > 1000) {
      const value = this.readQueueSummary();
      this.recentQueueSummary = { at: Date.now(), value };
      value.catch(() => (this.recentQueueSummary = undefined));
    }
    return this.recentQueueSummary.value;
  }

  private async readQueueSummary(): Promise<QueueHealthSummary> {
    const queues = (await this.queueHealth.queuesHealth()).filter((queue) => DELIVERY_QUEUES.includes(queue.name));
    const delivered = queues.filter((queue) => queue.name !== QueueName.Matching && queue.latencyMs.count > 0);
    return {
      depth: queues.reduce((sum, queue) => sum + queue.waiting + queue.delayed, 0),
      oldestWaitingSeconds: Math.max(0, ...queues.map((queue) => queue.oldestWaitingSeconds)),
      deliveryP99Ms: delivered.length ? Math.max(...delivered.map((queue) => queue.latencyMs.p99)) : null,
      failed: queues.reduce((sum, queue) => sum + queue.failed, 0),
    };
  }
}
