/**
 * Bro as the chaos benchmark runs it, like a small real deployment: two API processes and two workers on
 * a private redis-server (with an append-only file, as docs/operations.md recommends) and the benchmark's
 * own database. It injects the faults, and restarts a killed process after a short delay as a supervisor
 * (systemd, Docker's restart policy) would.
 */
import Redis from 'ioredis';
import { Client } from 'pg';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../../apps/api/src/config/app-config';
import { openQueue } from '../../apps/api/src/queues/bullmq.adapter';
import { ApiProcess, BroProcess, Deployment, startApiProcess, startWorkerProcess } from '../reliability/bro-process';
import { PrivateRedis } from '../reliability/private-redis';
import { FaultKind, PlannedFault } from './chaos-schedule';

/** How long a killed process stays dead before its supervisor starts it again; also how long an emptied Redis is away. */
export const RESTART_DELAY_MS = 2_000;
/** How long the injector waits for the moment it wants (jobs in hand, requests under way) before striking anyway. */
const AIM_TIMEOUT_MS = 10_000;

export interface InjectedFault {
  kind: FaultKind;
  startedAt: number;
  endedAt: number;
  /** What exactly happened (sessions cut, jobs in hand, …). */
  detail: string;
}

export class ChaosDeployment {
  readonly apis: ApiProcess[] = [];
  readonly workers: BroProcess[] = [];

  private constructor(
    readonly redis: PrivateRedis,
    readonly deployment: Deployment,
    /** A session opened before the load, as an operator's: when the server is full, the cut must still be made. */
    private readonly operator: Client,
    private readonly applicationName: string,
  ) {}

  static async start(redis: PrivateRedis, deployment: Deployment, applicationName: string): Promise<ChaosDeployment> {
    const operator = new Client({ connectionString: deployment.databaseUrl, application_name: applicationName });
    operator.on('error', () => undefined);
    await operator.connect();
    const stack = new ChaosDeployment(redis, deployment, operator, applicationName);
    const [api1, api2, worker1, worker2] = await Promise.all([startApiProcess(deployment), startApiProcess(deployment), startWorkerProcess(deployment), startWorkerProcess(deployment)]);
    stack.apis.push(api1 as ApiProcess, api2 as ApiProcess);
    stack.workers.push(worker1, worker2);
    return stack;
  }

  /** Processes by name, for the CPU table: their current pid (a restarted one has a new one). */
  processes(): Record<string, () => number[]> {
    return {
      'API 1': () => [this.apis[0].pid],
      'API 2': () => [this.apis[1].pid],
      'worker 1': () => [this.workers[0].pid],
      'worker 2': () => [this.workers[1].pid],
      redis: () => (this.redis.pid ? [this.redis.pid] : []),
    };
  }

  async inject(fault: PlannedFault, apiRequestsInFlight: () => number): Promise<InjectedFault> {
    switch (fault.kind) {
      case FaultKind.RedisEmptied:
        return this.redisEmptied();
      case FaultKind.RedisAway:
        return this.redisAway(fault.awayMs ?? 30_000);
      case FaultKind.WorkerKilled:
        return this.workerKilled();
      case FaultKind.ApiKilled:
        return this.apiKilled(apiRequestsInFlight);
      case FaultKind.DatabaseCut:
        return this.databaseCut();
    }
  }

  /** Gone without a word and back with nothing: every queued job, lock and count forgotten. */
  private async redisEmptied(): Promise<InjectedFault> {
    const startedAt = Date.now();
    await this.redis.kill();
    await pause(RESTART_DELAY_MS);
    await this.redis.start({ empty: true });
    return { kind: FaultKind.RedisEmptied, startedAt, endedAt: Date.now(), detail: `killed -9, started empty ${RESTART_DELAY_MS / 1000} s later` };
  }

  /** Stopped (its data written) and started again with it after `awayMs`: an outage, not a loss. */
  private async redisAway(awayMs: number): Promise<InjectedFault> {
    const startedAt = Date.now();
    await this.redis.stop();
    await pause(awayMs - (Date.now() - startedAt));
    await this.redis.start();
    return { kind: FaultKind.RedisAway, startedAt, endedAt: Date.now(), detail: `shut down, started with its data after ${Math.round((Date.now() - startedAt) / 1000)} s` };
  }

  /** Worker 1 killed -9 while matching jobs are running; its supervisor starts a new one. */
  private async workerKilled(): Promise<InjectedFault> {
    const matching = openQueue(QueueName.Matching, { redisPrefix: this.deployment.redisPrefix } as AppConfig, new Redis(this.redis.url, { maxRetriesPerRequest: null }));
    let active = 0;
    try {
      const deadline = Date.now() + AIM_TIMEOUT_MS;
      while ((active = await matching.getActiveCount()) === 0 && Date.now() < deadline) await pause(5);
    } finally {
      await matching.close();
      (await matching.client).disconnect();
    }
    const startedAt = Date.now();
    await this.workers[0].kill9();
    await pause(RESTART_DELAY_MS);
    this.workers[0] = await startWorkerProcess(this.deployment);
    return { kind: FaultKind.WorkerKilled, startedAt, endedAt: Date.now(), detail: `${active} matching jobs running in the two workers; restarted after ${RESTART_DELAY_MS / 1000} s` };
  }

  /** API 1 killed -9 while requests to it are under way (transactions cut off); restarted on its port. */
  private async apiKilled(inFlight: () => number): Promise<InjectedFault> {
    const deadline = Date.now() + AIM_TIMEOUT_MS;
    while (inFlight() === 0 && Date.now() < deadline) await pause(1);
    const cutOff = inFlight();
    const startedAt = Date.now();
    const api = this.apis[0];
    await api.kill9();
    await pause(RESTART_DELAY_MS);
    this.apis[0] = await startApiProcess(this.deployment, api.port);
    return { kind: FaultKind.ApiKilled, startedAt, endedAt: Date.now(), detail: `${cutOff} requests under way cut off; restarted after ${RESTART_DELAY_MS / 1000} s` };
  }

  /** Every session of this benchmark's database but the benchmark's own, as a failover or restart would. */
  private async databaseCut(): Promise<InjectedFault> {
    const startedAt = Date.now();
    const { rows } = await this.operator.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          AND application_name <> $1`,
      [this.applicationName],
    );
    return { kind: FaultKind.DatabaseCut, startedAt, endedAt: Date.now(), detail: `${rows[0].n} sessions terminated` };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apis, ...this.workers].map((process) => process.stop()));
    await this.operator.end().catch(() => undefined);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.max(0, ms)));
}
