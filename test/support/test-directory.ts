import type { SeedSummary } from '../../tools/seed/seed';

const VARIABLE = 'BRO_TEST_DIRECTORY';

/** The seeded Bergen directory of this test run (global setup loads it once): demo users' roles and organisations. */
export function testDirectory(): SeedSummary['references'] {
  const raw = process.env[VARIABLE];
  if (!raw) throw new Error(`${VARIABLE} is not set: the end-to-end global setup seeds the directory`);
  return JSON.parse(raw) as SeedSummary['references'];
}

export function rememberTestDirectory(references: SeedSummary['references']): void {
  process.env[VARIABLE] = JSON.stringify(references);
}

/** The demo coordinator's unit at Haukeland: the requester of the tests' hand-overs. */
export function demoUnit(): string {
  return testDirectory().demoOrganizations.haukelandMedisinsk;
}
