import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { redactingLogger } from './bootstrap/create-app';
import { loadAppConfigOrExit } from './config/app-config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: redactingLogger(config.logLevel) });
  // SIGTERM closes the context, which lets processors finish their active jobs before exit.
  app.enableShutdownHooks();
  new Logger('Bro').log('worker started');
}

void main();
