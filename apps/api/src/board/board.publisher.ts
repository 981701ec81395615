import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { BOARD_NAMESPACE, BoardDelta, BoardEvent, BoardSnapshot } from '@app/fhir/board/board-metrics';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { socketEmitter } from '../live/socket-io-redis.adapter';
import { BoardSnapshotService, UnversionedSnapshot } from './board-snapshot.service';
import { BoardStateStore, deltaBetween } from './board-state.store';
import type { Emitter } from '@socket.io/redis-emitter';
import { BoardKey, boardOfKey, boardRoom } from './board-key';

/** At most one frame per board per second: a burst of 1,000 changes is one or two frames, not 1,000. */
export const FRAME_INTERVAL_MS = 1_000;
/**
 * Every watched board is recomputed this often even without events: "overdue" grows at midnight
 * without anyone writing, and a task moved to another office leaves its old board behind.
 */
const FULL_REFRESH_MS = 10_000;
const LEAD_MS = 5_000;

/**
 * Sends the boards their deltas (in the worker): once a second it takes the boards changed since the
 * last frame that someone watches, recomputes them, and emits what differs to their room through
 * Redis, so boards connected to any API instance get it. One worker at a time leads.
 */
@Injectable()
export class BoardPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BoardPublisher');
  private readonly holder = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastFullRefresh = 0;
  private emitter?: Emitter;
  private redis?: Redis;

  constructor(
    private readonly snapshots: BoardSnapshotService,
    private readonly state: BoardStateStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    ({ emitter: this.emitter, redis: this.redis } = socketEmitter(this.config));
    this.next(FRAME_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.state.resign(this.holder).catch(() => undefined);
    this.redis?.disconnect();
  }

  /**
   * Frames start a second apart, or as soon as the previous one is done when it took longer: a
   * fixed one-second tick would skip a beat after a slow frame and leave its changes waiting two.
   */
  private next(delay: number): void {
    this.timer = setTimeout(() => {
      const started = Date.now();
      this.running = this.publish().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.next(Math.max(0, started + FRAME_INTERVAL_MS - Date.now()));
      });
    }, delay);
  }

  async publish(): Promise<void> {
    try {
      if (!(await this.state.lead(this.holder, LEAD_MS))) return;
      const changed = await this.state.takeChanged();
      const viewed = new Set(await this.state.viewed());
      const full = Date.now() - this.lastFullRefresh >= FULL_REFRESH_MS;
      if (full) this.lastFullRefresh = Date.now();
      // A scope that changed moves every board of it: as everyone reads it and as each viewer does.
      const changedScopes = new Set<string>(changed);
      const due = full ? [...viewed] : [...viewed].filter((key) => changedScopes.has(boardOfKey(key).scope));
      // All due boards from one pass per figure: a frame costs about one municipality's figures, however many boards are open.
      const snapshots = await this.snapshots.snapshots(due);
      await this.publishAll(due, snapshots);
    } catch (error) {
      this.logger.warn(`board frame skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Every board's delta against what it was last sent: one read and one write to Redis for all of them. */
  private async publishAll(keys: BoardKey[], snapshots: UnversionedSnapshot[]): Promise<void> {
    const previous = await this.state.lastSentOf(keys);
    const sent: Array<[BoardKey, BoardSnapshot]> = [];
    const deltas: Array<[BoardKey, BoardDelta]> = [];
    snapshots.forEach((next, index) => {
      const key = keys[index];
      const before = previous.get(key);
      const version = (before?.version ?? 0) + 1;
      const delta = deltaBetween(before, next, version);
      if (!delta) return;
      sent.push([key, { ...next, version }]);
      deltas.push([key, delta]);
    });
    // Stored before sent: a board subscribing meanwhile gets this version as its snapshot, then the next delta.
    await this.state.saveSent(sent);
    for (const [key, delta] of deltas) this.emitter!.of(BOARD_NAMESPACE).to(boardRoom(key)).emit(BoardEvent.Delta, delta);
  }
}
