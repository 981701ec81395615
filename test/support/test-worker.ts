import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadAppConfig } from '../../apps/api/src/config/app-config';
import { WorkerModule } from '../../apps/api/src/worker.module';

/** Starts the worker process's modules (outbox relay, queue processors) in this test process. */
export async function startTestWorker(overrides: Record<string, string> = {}): Promise<{ app: INestApplicationContext; config: AppConfig; close(): Promise<void> }> {
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: 'error', ...overrides });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: config.logLevel === 'debug' ? ['error', 'warn', 'log', 'debug'] : ['error'] });
  await app.init();
  return { app, config, close: () => app.close() };
}
