import { OutboxTopic } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/sql-client';
import { OneStatement } from '../database/one-statement';
import { OutboxHandler } from './outbox-handler';
import { OutboxHandlerRegistry } from './outbox-handler.registry';
import { OutboxMatchingProcessor } from './outbox-matching.processor';
import { OutboxRow } from './outbox-row';
import { AfterCommit, OwedByBatch, OwedChannel, OwedEffect } from './owed-by-batch';
import { OwedChannels } from './owed-channels';

function event(id: string, resourceType: string, topic: OutboxTopic): OutboxRow {
  return { id, topic, resource_type: resourceType, resource_id: `r${id}`, version_id: 1, payload: {}, created_at: new Date() };
}

/** A database that answers the one statement the way PostgreSQL would shape it, and keeps what it was sent. */
function fakeDatabase(answer: Record<string, unknown[]> = {}): { database: Database; statements: Array<{ sql: string; params: unknown[] }> } {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const database = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      const columns = [...sql.matchAll(/ AS (r\d+)/g)].map((m) => m[1]);
      return { rows: columns.length ? [Object.fromEntries(columns.map((c) => [c, answer[c] ?? []]))] : [], rowCount: 1 };
    },
  } as unknown as Database;
  return { database, statements };
}

/** A channel whose batch effect gathers what its handlers owe into one clause. */
class ListChannel implements OwedChannel<OwedEffect & { items: string[] }> {
  readonly log: string[];
  constructor(
    private readonly clause: string,
    private readonly after: AfterCommit,
    log: string[],
    /** Queueing waits for it (Redis slow to answer). */
    private readonly gate: Promise<void> = Promise.resolve(),
  ) {
    this.log = log;
  }
  open(): OwedEffect & { items: string[] } {
    const items: string[] = [];
    return {
      items,
      after: this.after,
      record: (statement: OneStatement) => statement.with(this.clause, `SELECT unnest(${statement.param(items)}::text[]) AS item`),
      committed: async (rows: unknown[]) => {
        await this.gate;
        this.log.push(`${this.clause}: ${JSON.stringify(rows)}`);
      },
    };
  }
}

function matcher(registry: OutboxHandlerRegistry, database: Database): OutboxMatchingProcessor {
  return new OutboxMatchingProcessor(database, registry, new OwedChannels(), {} as AppConfig);
}

describe('outbox matching', () => {
  it('runs every handler of a batch and commits what they all owe in one statement with the events done mark; then queues it stage by stage', async () => {
    const log: string[] = [];
    const texts = new ListChannel('texts', AfterCommit.First, log);
    let openGate: () => void = () => undefined;
    const alarms = new ListChannel('alarms', AfterCommit.Then, log, new Promise<void>((done) => (openGate = done)));
    const registry = new OutboxHandlerRegistry();
    const tell: OutboxHandler = { handle: async (events, owed: OwedByBatch) => void owed.of(texts).items.push(...events.map((e) => `tell ${e.id}`)) };
    const alsoTell: OutboxHandler = { handle: async (events, owed: OwedByBatch) => void owed.of(texts).items.push(...events.map((e) => `also tell ${e.id}`)) };
    const remind: OutboxHandler = { handle: async (events, owed: OwedByBatch) => void owed.of(alarms).items.push(...events.map((e) => `remind ${e.id}`)) };
    const board: OutboxHandler = { handle: async (_events, owed: OwedByBatch) => owed.add({ after: AfterCommit.Last, committed: async () => void log.push('boards') }) };
    registry.register('Task', OutboxTopic.TaskTransition, tell);
    registry.register('Task', OutboxTopic.TaskTransition, alsoTell);
    registry.register('Task', OutboxTopic.TaskTransition, remind);
    registry.register('Task', OutboxTopic.ResourceChanged, board);
    // Registered in one order, queued in the order of their stages.
    const { database, statements } = fakeDatabase({ r0: [{ id: 'stored' }], r1: [] });

    const { later } = await matcher(registry, database).process([event('1', 'Task', OutboxTopic.ResourceChanged), event('2', 'Task', OutboxTopic.TaskTransition)]);
    // Served once the first stage is queued: the next batch need not wait for alarm clocks and boards.
    expect(log).toEqual(['texts: [{"id":"stored"}]']);
    openGate();
    await later;

    expect(statements).toHaveLength(1);
    const [{ sql, params }] = statements;
    expect(sql).toMatch(/^WITH texts AS .*alarms AS .*done AS \(UPDATE outbox SET done_at/s);
    expect(params).toEqual([['tell 2', 'also tell 2'], ['remind 2'], ['1', '2']]);
    expect(log).toEqual(['texts: [{"id":"stored"}]', 'alarms: []', 'boards']);
  });

  it('marks a batch done that no handler takes, in one statement', async () => {
    const { database, statements } = fakeDatabase();
    await matcher(new OutboxHandlerRegistry(), database).process([event('7', 'Patient', OutboxTopic.ResourceChanged)]);
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toContain('UPDATE outbox SET done_at');
    expect(statements[0].params).toEqual([['7']]);
  });

  it('commits nothing and queues nothing when a handler cannot read: the events stay owed', async () => {
    const log: string[] = [];
    const texts = new ListChannel('texts', AfterCommit.First, log);
    const registry = new OutboxHandlerRegistry();
    registry.register('Task', OutboxTopic.TaskTransition, { handle: async (events, owed) => void owed.of(texts).items.push('tell') });
    registry.register('Task', OutboxTopic.TaskTransition, { handle: async () => Promise.reject(new Error('database away')) });
    const { database, statements } = fakeDatabase();
    await expect(matcher(registry, database).process([event('8', 'Task', OutboxTopic.TaskTransition)])).rejects.toThrow('database away');
    expect(statements).toHaveLength(0);
    expect(log).toEqual([]);
  });
});
