import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { redactingLogger } from './bootstrap/create-app';
import { stopGracefullyOnSignal } from './bootstrap/graceful-shutdown';
import { startWorkerHeartbeat } from './bootstrap/worker-heartbeat';
import { REDIS } from './redis/redis.module';
import { describeFailure, installProcessFailureHandlers } from './bootstrap/process-failure.handlers';
import { loadAppConfigOrExit } from './config/app-config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const logger = redactingLogger(config.logLevel);
  installProcessFailureHandlers(logger, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  const heartbeat = config.workerHeartbeatFile
    ? startWorkerHeartbeat(config.workerHeartbeatFile, { postgres: () => app.get(DataSource).query('SELECT 1'), redis: () => app.get<symbol, Redis>(REDIS).ping() })
    : undefined;
  // SIGTERM closes the context: processors take no new jobs and finish their active ones, the outbox relay
  // stops, then Redis and the database close. A job still running at the deadline is run again elsewhere.
  stopGracefullyOnSignal(
    async () => {
      await heartbeat?.stop();
      await app.close();
    },
    { processName: 'worker', timeoutMs: config.shutdownTimeoutMs, logger },
  );
  new Logger('Bro').log('worker started');
}

main().catch((error: unknown) => {
  const { summary, frames } = describeFailure(error);
  redactingLogger('error').error(`the worker could not start: ${summary}`, frames, 'Bro');
  process.exit(1);
});
