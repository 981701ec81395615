import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { createApp, redactingLogger } from './bootstrap/create-app';
import { stopGracefullyOnSignal } from './bootstrap/graceful-shutdown';
import { HttpDrain } from './bootstrap/http-drain';
import { builtWebAppBeside, serveWebApp } from './bootstrap/web-app';
import { describeFailure, installProcessFailureHandlers } from './bootstrap/process-failure.handlers';
import { loadAppConfigOrExit } from './config/app-config';

const KEEP_ALIVE_MILLISECONDS = 65_000;

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const logger = redactingLogger(config.logLevel);
  installProcessFailureHandlers(logger, 'API');
  const app = await createApp(config);
  // The built web app on the API's own origin, so one process serves the whole product (not under `npm start`,
  // where Vite serves it).
  const webAppDir = config.webAppDir === false ? undefined : (config.webAppDir ?? builtWebAppBeside(__dirname));
  if (webAppDir) serveWebApp(app, webAppDir, config.oidcIssuer);
  const server = app.getHttpServer() as Server;
  // On SIGTERM: stop accepting, answer the requests in flight, then close sockets, queues and the database.
  const drain = new HttpDrain(server);
  stopGracefullyOnSignal(
    async () => {
      await drain.drain();
      await app.close();
      drain.closeRemaining();
    },
    { processName: 'API', timeoutMs: config.shutdownTimeoutMs, logger },
  );
  // Idle keep-alive connections outlive a client's or proxy's reuse of them (load balancers keep theirs
  // about 60 s): a server that closes first races the next request on that connection, which then fails.
  server.keepAliveTimeout = KEEP_ALIVE_MILLISECONDS;
  server.headersTimeout = KEEP_ALIVE_MILLISECONDS + 1_000;
  await app.listen(config.port);
  new Logger('Bro').log(
    `API listening: FHIR at ${config.fhirBaseUrl}, health at http://localhost:${config.port}/health${webAppDir ? `, web app at http://localhost:${config.port}/` : ''}`,
  );
}

main().catch((error: unknown) => {
  const { summary, frames } = describeFailure(error);
  redactingLogger('error').error(`the API could not start: ${summary}`, frames, 'Bro');
  process.exit(1);
});
