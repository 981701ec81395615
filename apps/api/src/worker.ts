import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { redactingLogger } from './bootstrap/create-app';
import { describeFailure, installProcessFailureHandlers } from './bootstrap/process-failure.handlers';
import { loadAppConfigOrExit } from './config/app-config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const logger = redactingLogger(config.logLevel);
  installProcessFailureHandlers(logger, 'worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  // SIGTERM closes the context, which lets processors finish their active jobs before exit.
  app.enableShutdownHooks();
  new Logger('Bro').log('worker started');
}

main().catch((error: unknown) => {
  const { summary, frames } = describeFailure(error);
  redactingLogger('error').error(`the worker could not start: ${summary}`, frames, 'Bro');
  process.exit(1);
});
