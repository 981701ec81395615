import { Pool } from 'pg';
import { IdentifierSystem } from '@app/fhir';
import { DEMO_IDENTITIES } from '../seed/bergen-directory';
import { seedDirectory } from '../seed/seed';
import { log, startBenchEnvironment } from './bench-environment';

async function directoryLoaded(databaseUrl: string): Promise<boolean> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const haukeland = `sv:${IdentifierSystem.Organisasjonsnummer}|${DEMO_IDENTITIES.organizations.haukeland.orgnr}`;
    const { rowCount } = await pool.query('SELECT 1 FROM fhir_organization WHERE sp_identifier && $1::text[]', [[haukeland]]);
    return (rowCount ?? 0) > 0;
  } finally {
    await pool.end();
  }
}

/**
 * Loads the seeded Bergen directory (npm run seed) through a first API process of its own when the
 * database lacks it. Seeding through the measured API itself would not do: it keeps what a caller acts
 * for for a minute, so the EHR's scope, first looked up while Haukeland was not there yet, would refuse
 * its hand-overs (403) for that minute.
 */
export async function ensureSeededDirectory(databaseUrl: string, apiPort = 3900, idpPort = 4900): Promise<void> {
  if (await directoryLoaded(databaseUrl)) return;
  log('loading the seeded directory (npm run seed) through a first API process');
  const seeding = await startBenchEnvironment(databaseUrl, apiPort, idpPort);
  try {
    await seedDirectory({ fhirBaseUrl: seeding.fhirBaseUrl, token: seeding.token, onProgress: () => undefined });
  } finally {
    await seeding.stop();
  }
}
