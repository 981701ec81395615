import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import helmet from 'helmet';
import { RedactingLogger } from '../security/redacting.logger';
import { SocketIoRedisAdapter } from '../live/socket-io-redis.adapter';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { fhirBodyHandlers } from '../fhir/http/fhir-body.parser';
import { refuseNulInUrlAndHeaders } from '../http/nul-in-request.guard';
import { refuseFormatsBroDoesNotSpeak } from '../fhir/http/fhir-content-negotiation';
import { FhirUnmatchedRouteFilter } from '../fhir/http/fhir-unmatched-route.filter';
import { ReadOnlyTypes } from '../fhir/read-only-types';
import { apiBodyErrors } from '../http/api-body-errors';

/** Builds the HTTP application the same way for `main.ts` and for the end-to-end tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: redactingLogger(config.logLevel),
  });
  app.disable('x-powered-by');
  // Security headers; the API serves JSON only, so the strictest content policy costs nothing.
  app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } }));
  app.set('query parser', 'simple');
  // Express's body-hash ETags (W/"96-…") would look like version ETags on searchsets and outcomes:
  // only a versioned resource carries an ETag, set by the FHIR API itself.
  app.set('etag', false);
  app.use(refuseNulInUrlAndHeaders);
  app.use('/fhir', refuseFormatsBroDoesNotSpeak, ...fhirBodyHandlers(config.maxBodyBytes));
  // Requests no route matches: under /fhir/R4 an OperationOutcome (404, or 405 with Allow), elsewhere Nest's answer.
  const readOnlyTypes = app.get(ReadOnlyTypes);
  app.useGlobalFilters(new FhirUnmatchedRouteFilter((type) => readOnlyTypes.get(type) !== undefined, app.get(HttpAdapterHost).httpAdapter));
  app.use(express.json({ limit: config.maxBodyBytes }), apiBodyErrors);
  // Only the web app's origin gets CORS headers; any other origin gets none (not a mismatching one).
  app.enableCors({ origin: (origin, allow) => allow(null, origin === config.webOrigin), exposedHeaders: ['ETag', 'Location', 'Last-Modified'] });
  app.useWebSocketAdapter(new SocketIoRedisAdapter(app, config));
  // No Nest shutdown hooks: main.ts drains HTTP before closing the rest (bootstrap/graceful-shutdown.ts).
  return app;
}

export function loggerLevels(level: AppConfig['logLevel']) {
  const all = ['error', 'warn', 'log', 'debug'] as const;
  return all.slice(0, all.indexOf(level) + 1) as Array<(typeof all)[number]>;
}

/** The logger of both processes: the configured levels, patient identifiers masked. */
export function redactingLogger(level: AppConfig['logLevel']): RedactingLogger {
  return new RedactingLogger({ logLevels: loggerLevels(level) });
}
