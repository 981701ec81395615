import { AsyncLocalStorage } from 'node:async_hooks';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { Database } from '../../apps/api/src/database/sql-client';
import { ActorScopeService } from '../../apps/api/src/directory/actor-scope.service';

/** What one HTTP request cost: every SQL statement it sent, and how often it asked for the caller's scope. */
export interface RequestCost {
  statements: string[];
  /** Calls of ActorScopeService.scopeOf (answered from its cache or not). */
  scopeResolutions: number;
  /** Of those, the ones that went to the directory (a cache miss, once a minute per caller). */
  scopeLookups: number;
  /** How many of the statements those lookups sent. */
  lookupStatements: number;
}

interface TallyContext {
  cost: RequestCost;
  inLookup: boolean;
}

const TALLY_HEADER = 'x-test-request-tally';

type QueryFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Counts what requests sent with {@link RequestTally.headers} do to the database, by the request's
 * own async context: the worker, the relay and other tests' requests in the same process are not counted.
 */
export class RequestTally {
  private readonly storage = new AsyncLocalStorage<TallyContext>();
  private readonly pending = new Map<string, RequestCost>();
  private sequence = 0;
  private readonly undo: Array<() => void> = [];

  constructor(app: INestApplication) {
    const pool = (app.get(Database) as unknown as { pool: { Client: { prototype: { query: QueryFunction } } } }).pool;
    const prototype = pool.Client.prototype;
    const query = prototype.query;
    const storage = this.storage;
    prototype.query = function (this: unknown, ...args: unknown[]) {
      const context = storage.getStore();
      if (context) {
        context.cost.statements.push(sqlTextOf(args[0]));
        if (context.inLookup) context.cost.lookupStatements += 1;
      }
      return query.apply(this, args);
    };
    this.undo.push(() => (prototype.query = query));

    const scopes = app.get(ActorScopeService) as unknown as { scopeOf: QueryFunction; lookUp: QueryFunction };
    const scopeOf = scopes.scopeOf;
    const lookUp = scopes.lookUp;
    scopes.scopeOf = function (this: unknown, ...args: unknown[]) {
      const context = storage.getStore();
      if (context) context.cost.scopeResolutions += 1;
      return scopeOf.apply(this, args);
    };
    scopes.lookUp = function (this: unknown, ...args: unknown[]) {
      const context = storage.getStore();
      if (!context) return lookUp.apply(this, args);
      context.cost.scopeLookups += 1;
      return storage.run({ cost: context.cost, inLookup: true }, () => lookUp.apply(this, args));
    };
    this.undo.push(() => Object.assign(scopes, { scopeOf, lookUp }));

    const server = app.getHttpServer() as Server;
    const listeners = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
    server.removeAllListeners('request');
    const dispatch = (request: IncomingMessage, response: ServerResponse) => {
      const key = request.headers[TALLY_HEADER];
      const cost = typeof key === 'string' ? this.pending.get(key) : undefined;
      const run = () => listeners.forEach((listener) => listener.call(server, request, response));
      if (cost) this.storage.run({ cost, inLookup: false }, run);
      else run();
    };
    server.on('request', dispatch);
    this.undo.push(() => {
      server.off('request', dispatch);
      listeners.forEach((listener) => server.on('request', listener));
    });
  }

  /** Runs `send` with headers that mark its request, and answers what the request cost once it has been answered. */
  async measure<T>(send: (headers: Record<string, string>) => Promise<T>): Promise<{ answer: T; cost: RequestCost }> {
    const key = `tally-${++this.sequence}`;
    const cost: RequestCost = { statements: [], scopeResolutions: 0, scopeLookups: 0, lookupStatements: 0 };
    this.pending.set(key, cost);
    try {
      const answer = await send({ [TALLY_HEADER]: key });
      return { answer, cost };
    } finally {
      this.pending.delete(key);
    }
  }

  restore(): void {
    this.undo.reverse().forEach((undo) => undo());
  }
}

function sqlTextOf(config: unknown): string {
  const text = typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

/** Statements reading one row of a resource table by id: the resource itself, or whether the caller may see it (not link or reference checks). */
export function rowReadsOf(cost: RequestCost, table: string): string[] {
  return cost.statements.filter((sql) => /^SELECT (resource,|1 )/.test(sql) && sql.includes(`FROM "${table}" WHERE id = $1 `));
}
