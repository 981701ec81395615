import { OneStatement } from '../database/one-statement';
import { SqlClient } from '../database/sql-client';
import type { ChannelKind, OwedChannels } from './owed-channels';

/**
 * When an effect is handed to the queues once the batch has committed: stage by stage, the effects of
 * one stage side by side. People and systems first, what is days away or batched anyway after them.
 */
export enum AfterCommit {
  /** What people and systems wait for: live pushes, Subscription deliveries. */
  First = 1,
  /** What is days away: reminders' alarm clocks. */
  Then = 2,
  /** What is gathered into frames anyway: boards. */
  Last = 3,
}

/** Something a batch of outbox events owes: recorded with the events' done mark, then queued. */
export interface OwedEffect {
  readonly after: AfterCommit;
  /**
   * Adds its writes to the batch's one statement (data-modifying WITH clauses); answers the clause
   * whose RETURNING rows it wants back after the commit, if any.
   */
  record?(statement: OneStatement): string | undefined;
  /** Once the statement has committed: hands what was recorded to the queues (`rows`: its clause's rows). */
  committed(rows: unknown[]): Promise<void>;
}

/**
 * A delivery channel's effect for a whole batch, shared by every handler that uses the channel (its
 * clauses have fixed names, so a statement holds them once): the in-app notifications, the reminders.
 */
export interface OwedChannel<E extends OwedEffect> {
  open(): E;
}

/**
 * What one batch of outbox events owes, gathered from its handlers, and committed in ONE statement with
 * the events' done mark: one transaction and one round trip for everything the batch owes. A crash before
 * it leaves the events owed (the reconciler queues them again); a crash after it leaves the effects owed,
 * each in its own ledger.
 */
export class OwedByBatch {
  private readonly effects: OwedEffect[] = [];
  private readonly opened = new Map<OwedChannel<OwedEffect>, OwedEffect>();

  /** `channels`: the delivery channels of this process, found by the kernel's name for their kind. */
  constructor(private readonly channels?: OwedChannels) {}

  add(effect: OwedEffect): void {
    this.effects.push(effect);
  }

  /** The batch's effect of a channel (given, or by its kind: `owed.of(NotificationsChannel)`), opened on first use. */
  of<E extends OwedEffect>(channel: OwedChannel<E> | ChannelKind<E>): E {
    const instance = typeof channel === 'function' ? this.channelOf(channel) : channel;
    let effect = this.opened.get(instance);
    if (!effect) {
      effect = instance.open();
      this.opened.set(instance, effect);
      this.add(effect);
    }
    return effect as E;
  }

  private channelOf<E extends OwedEffect>(kind: ChannelKind<E>): OwedChannel<E> {
    if (!this.channels) throw new Error(`no delivery channels to find ${kind.name} among`);
    return this.channels.get(kind);
  }

  /**
   * Records every effect and marks the events done in one statement; then queues the effects, stage by
   * stage. Resolves once the first stage (what people and systems wait for) is queued, with `later`: the
   * stages after it, still running, so the next batch need not wait for reminders' alarm clocks and board
   * marks (each owed in its own ledger or gathered into frames anyway).
   */
  async commit(client: SqlClient, eventIds: string[]): Promise<{ later: Promise<void> }> {
    const statement = new OneStatement();
    const returning = this.effects.map((effect) => effect.record?.(statement));
    statement.with('done', `UPDATE outbox SET done_at = clock_timestamp() WHERE id = ANY(${statement.param(eventIds)}::bigint[]) AND done_at IS NULL`);
    // One row, a JSON array per clause that returns rows: several effects' rows come back in one answer.
    const columns = returning.flatMap((clause, i) => (clause ? [`(SELECT coalesce(json_agg(r), '[]'::json) FROM ${clause} r) AS r${i}`] : []));
    const { rows } = await client.query<Record<string, unknown[]>>(statement.sql(columns.length ? `SELECT ${columns.join(', ')}` : 'SELECT 1 WHERE false'), statement.params);
    const stage = (after: AfterCommit) =>
      Promise.all(this.effects.map((effect, i) => (effect.after === after ? effect.committed(returning[i] ? (rows[0]?.[`r${i}`] ?? []) : []) : undefined))).then(() => undefined);
    await stage(AfterCommit.First);
    const later = stage(AfterCommit.Then).then(() => stage(AfterCommit.Last));
    // Whoever awaits it sees a failure; unawaited, it must not stop the process.
    later.catch(() => undefined);
    return { later };
  }
}
