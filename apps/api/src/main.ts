import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap/create-app';
import { loadAppConfigOrExit } from './config/app-config';

async function main(): Promise<void> {
  const config = loadAppConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.port);
  new Logger('Bro').log(`API listening: FHIR at ${config.fhirBaseUrl}, health at http://localhost:${config.port}/health`);
}

void main();
