import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { BoardDelta, BoardPanelChanges, BoardPanels, BoardScope, BoardSnapshot } from '@app/fhir/board/board-metrics';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { REDIS } from '../redis/redis.module';
import { UnversionedSnapshot } from './board-snapshot.service';
import { BoardKey } from './board-key';

/** How long a board counts as watched after its gateway last said so; gateways say so every few seconds. */
export const VIEWED_FOR_MS = 15_000;

const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);

/** What changed in the panels: per panel the parts whose content differs, null for a panel gone. */
function panelChanges(previous: BoardPanels | undefined, next: BoardPanels): BoardPanelChanges | undefined {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(previous ?? {})) if (!(key in next)) changes[key] = null;
  for (const [key, panel] of Object.entries(next)) {
    const before = previous?.[key as keyof BoardPanels] as Record<string, unknown> | undefined;
    const parts = Object.entries(panel as unknown as Record<string, unknown>).filter(([part, value]) => !before || differs(before[part], value));
    if (parts.length) changes[key] = Object.fromEntries(parts);
  }
  return Object.keys(changes).length ? (changes as BoardPanelChanges) : undefined;
}

/**
 * What a new version of a snapshot changes: the top-level parts whose content differs and, within
 * each panel, the parts of it that differ (a frame about one office's open tasks does not resend the
 * twelve-week trend).
 */
export function deltaBetween(previous: BoardSnapshot | undefined, next: UnversionedSnapshot, version: number): BoardDelta | undefined {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (key === 'scope' || key === 'generatedAt') continue;
    if (key === 'panels') {
      const panels = panelChanges(previous?.panels, value as BoardPanels);
      if (panels) changes.panels = panels;
    } else if (!previous || differs(previous[key as keyof BoardSnapshot], value)) changes[key] = value;
  }
  if (Object.keys(changes).length === 0) return undefined;
  return { scope: next.scope, version, changes: { ...changes, generatedAt: next.generatedAt } };
}

/**
 * The boards' shared state in Redis, for every API instance and worker: the last snapshot sent per
 * scope (with its version), the scopes changed since the last frame, and the scopes someone watches.
 */
@Injectable()
export class BoardStateStore {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.redisPrefix}:board`;
  }

  async lastSent(key: BoardKey): Promise<BoardSnapshot | undefined> {
    return (await this.lastSentOf([key])).get(key);
  }

  /** The last snapshots sent of many boards, in one round trip. */
  async lastSentOf(keys: BoardKey[]): Promise<Map<BoardKey, BoardSnapshot>> {
    if (keys.length === 0) return new Map();
    const values = await this.redis.mget(keys.map((key) => `${this.prefix}:snapshot:${key}`));
    return new Map(keys.flatMap((key, i) => (values[i] ? [[key, JSON.parse(values[i]!) as BoardSnapshot] as const] : [])));
  }

  async saveSent(snapshots: Array<[BoardKey, BoardSnapshot]>): Promise<void> {
    if (snapshots.length === 0) return;
    // Kept for a day: a board nobody watched for that long starts again from a fresh snapshot.
    const pipeline = this.redis.pipeline();
    for (const [key, snapshot] of snapshots) pipeline.set(`${this.prefix}:snapshot:${key}`, JSON.stringify(snapshot), 'EX', 24 * 3600);
    await pipeline.exec();
  }

  async markChanged(scopes: BoardScope[]): Promise<void> {
    if (scopes.length) await this.redis.sadd(`${this.prefix}:changed`, ...scopes);
  }

  /** The scopes changed since the last call, taken atomically so a change marked meanwhile is not lost. */
  async takeChanged(): Promise<BoardScope[]> {
    const [[, members]] = (await this.redis.multi().smembers(`${this.prefix}:changed`).del(`${this.prefix}:changed`).exec()) as [[Error | null, string[]]];
    return members as BoardScope[];
  }

  async markViewed(keys: BoardKey[]): Promise<void> {
    if (keys.length === 0) return;
    const until = Date.now() + VIEWED_FOR_MS;
    await this.redis.zadd(`${this.prefix}:viewed`, ...keys.flatMap((key) => [until, key]));
  }

  async isViewed(key: BoardKey): Promise<boolean> {
    const until = await this.redis.zscore(`${this.prefix}:viewed`, key);
    return until !== null && Number(until) > Date.now();
  }

  /** The boards someone watches: scopes, and scopes as a viewer reads them. */
  async viewed(): Promise<BoardKey[]> {
    const key = `${this.prefix}:viewed`;
    await this.redis.zremrangebyscore(key, '-inf', Date.now());
    return (await this.redis.zrange(key, 0, -1)) as BoardKey[];
  }

  /** Gives the lead up at once (on shutdown), so another worker need not wait for it to lapse. */
  async resign(holder: string): Promise<void> {
    const key = `${this.prefix}:publisher`;
    if ((await this.redis.get(key)) === holder) await this.redis.del(key);
  }

  /** Whether this process leads the publishing of frames (one at a time across workers); renews its lead. */
  async lead(holder: string, forMs: number): Promise<boolean> {
    const key = `${this.prefix}:publisher`;
    const taken = await this.redis.set(key, holder, 'PX', forMs, 'NX');
    if (taken) return true;
    if ((await this.redis.get(key)) !== holder) return false;
    await this.redis.pexpire(key, forMs);
    return true;
  }
}
