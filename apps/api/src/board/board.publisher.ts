import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { BOARD_NAMESPACE, BoardEvent, BoardScope } from '@app/fhir/board/board-metrics';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { socketEmitter } from '../live/socket-io-redis.adapter';
import { BoardSnapshotService, UnversionedSnapshot } from './board-snapshot.service';
import { BoardStateStore, deltaBetween } from './board-state.store';
import type { Emitter } from '@socket.io/redis-emitter';

/** At most one frame per board per second: a burst of 1,000 changes is one or two frames, not 1,000. */
export const FRAME_INTERVAL_MS = 1_000;
/**
 * Every watched board is recomputed this often even without events: "overdue" grows at midnight
 * without anyone writing, and a task moved to another office leaves its old board behind.
 */
const FULL_REFRESH_MS = 10_000;
const LEAD_MS = 5_000;

export function boardRoom(scope: BoardScope): string {
  return `board:${scope}`;
}

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
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.publish().finally(() => (this.running = undefined));
    }, FRAME_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.state.resign(this.holder).catch(() => undefined);
    this.redis?.disconnect();
  }

  async publish(): Promise<void> {
    try {
      if (!(await this.state.lead(this.holder, LEAD_MS))) return;
      const changed = await this.state.takeChanged();
      const viewed = new Set(await this.state.viewed());
      const full = Date.now() - this.lastFullRefresh >= FULL_REFRESH_MS;
      if (full) this.lastFullRefresh = Date.now();
      const due = full ? [...viewed] : changed.filter((scope) => viewed.has(scope));
      // All due boards from one pass per figure: a frame costs about one municipality's figures, however many boards are open.
      const snapshots = await this.snapshots.snapshots(due);
      for (const snapshot of snapshots) await this.publishScope(snapshot);
    } catch (error) {
      this.logger.warn(`board frame skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async publishScope(next: UnversionedSnapshot): Promise<void> {
    const scope = next.scope;
    const previous = await this.state.lastSent(scope);
    const version = (previous?.version ?? 0) + 1;
    const delta = deltaBetween(previous, next, version);
    if (!delta) return;
    await this.state.saveSent({ ...next, version });
    this.emitter!.of(BOARD_NAMESPACE).to(boardRoom(scope)).emit(BoardEvent.Delta, delta);
  }
}
