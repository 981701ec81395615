import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { createApp, redactingLogger } from './bootstrap/create-app';
import { describeFailure, installProcessFailureHandlers } from './bootstrap/process-failure.handlers';
import { loadAppConfigOrExit } from './config/app-config';

const KEEP_ALIVE_MILLISECONDS = 65_000;

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  installProcessFailureHandlers(redactingLogger(config.logLevel), 'API');
  const app = await createApp(config);
  const server = app.getHttpServer() as Server;
  // Idle keep-alive connections outlive a client's or proxy's reuse of them (load balancers keep theirs
  // about 60 s): a server that closes first races the next request on that connection, which then fails.
  server.keepAliveTimeout = KEEP_ALIVE_MILLISECONDS;
  server.headersTimeout = KEEP_ALIVE_MILLISECONDS + 1_000;
  await app.listen(config.port);
  new Logger('Bro').log(`API listening: FHIR at ${config.fhirBaseUrl}, health at http://localhost:${config.port}/health`);
}

main().catch((error: unknown) => {
  const { summary, frames } = describeFailure(error);
  redactingLogger('error').error(`the API could not start: ${summary}`, frames, 'Bro');
  process.exit(1);
});
