/**
 * `npm run bench -- directory`: the collaboration directory at national size (the seeded Bergen directory and
 * `npm run seed -- --national`'s ≈ 5,000 organisations, 2,000 municipal services and 30,000 people in their
 * roles, bulk-loaded once and kept between runs). A GP types names into the search box at 20 keystrokes a
 * second (open loop): real names from the directory (half places, half people), prefix by prefix from the second letter, three in ten
 * with a slip (a letter left out, swapped or doubled, or æøå typed without their marks), each keystroke one
 * `GET /api/directory/search?q=…` as the demo GP. Target: p99 < 30 ms. The baseline, in the same run and
 * interleaved (baseline, Bro, baseline, Bro): the same keystrokes as the search's own SQL (`directory_search`,
 * as the search service sends it, captured from the service so it cannot drift) straight to PostgreSQL. Also
 * reported: how often the name typed is on the first page at the last keystroke, with and without a slip,
 * and a check that the search projection holds exactly the entries the stored resources give (a cache equals
 * the on-the-fly answer). Then the revolving-door benchmark (`runRevolvingDoorBench`) runs and prints its table.
 */
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { IdentifierSystem } from '@app/fhir';
import type { DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { AccessPolicy } from '../../apps/api/src/access/access-policy';
import { DirectorySearchService } from '../../apps/api/src/collaboration/directory/directory-search.service';
import { directoryWords } from '../../apps/api/src/collaboration/directory/directory-query';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { SqlClient } from '../../apps/api/src/database/sql-client';
import { fetchDemoToken } from '../identity-provider/demo-token';
import { DEMO_IDENTITIES } from '../seed/bergen-directory';
import { loadNationalDirectory } from '../seed/national-directory.loader';
import { BenchEnvironment, clearRedisPrefix, log, prepareDatabase, startBenchEnvironment } from './bench-environment';
import { CPU_HEADER, LATENCY_HEADER, cpuColumns, latencyRow, verdict } from './bench-report';
import { Keystroke, keystrokes } from './directory-typing';
import { send } from './http-client';
import { merge, summarise } from './latency-stats';
import { RunResult, openLoop } from './load-generator';
import { BenchCpu, benchCpuMeter } from './process-cpu';
import { runRevolvingDoorBench } from './revolving-door.bench';
import { ensureSeededDirectory } from './seeded-directory';
import { format, printTable } from './table';

export interface DirectoryBenchOptions {
  /** Keystrokes per second (open loop). */
  rate: number;
  /** Seconds per round of each contender. */
  seconds: number;
  rounds: number;
  fresh: boolean;
  /** The revolving-door benchmark that follows (left out with `--search-only`). */
  revolvingDoor?: { seconds: number; rounds: number; rate: number };
}

const DATABASE = 'bro_bench_directory';
const API_PORT = 3990;
const IDP_PORT = 4990;
const REDIS_PREFIX = 'bro_bench_directory';
const P99_TARGET_MS = 30;
const PAGE_SIZE = 10;
const WARM_UP = 100;
const SEED = 42;

/** The search's SQL and parameters for these words, as DirectorySearchService sends them for the caller (captured, not copied). */
async function searchStatement(callerOrganizations: string[], words: string[]): Promise<{ sql: string; params: unknown[] }> {
  const captured: Array<{ sql: string; params: unknown[] }> = [];
  const capture = {
    async query<Row>(sql: string, params: unknown[] = []) {
      captured.push({ sql, params });
      return { rows: [] as Row[], rowCount: 0 };
    },
  } as unknown as SqlClient;
  const caller = { may: () => true, scope: { organizations: callerOrganizations, actsFor: new Set(callerOrganizations), practitionerRoles: [] }, principal: { subject: 'gp', role: 'gp', scopes: [] } } as unknown as AccessPolicy;
  await new DirectorySearchService(capture as never, undefined as never, undefined as never).search(caller, { words, page: 1, pageSize: PAGE_SIZE });
  if (captured.length !== 1) throw new Error(`the search sent ${captured.length} statements; the benchmark expects one`);
  return captured[0];
}

/** Entries the stored resources give (active, named, not a duty) against the projection's rows: a cache must equal the on-the-fly answer. */
async function projectionCheck(databaseUrl: string): Promise<{ projected: number; derived: number; missing: number; extra: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ projected: number; derived: number; missing: number; extra: number }>(
      `WITH derived AS (
         SELECT 'Organization/' || id AS ref FROM fhir_organization WHERE coalesce(resource->>'active', 'true') <> 'false' AND nullif(resource->>'name', '') IS NOT NULL
         UNION ALL SELECT 'HealthcareService/' || id FROM fhir_healthcare_service WHERE coalesce(resource->>'active', 'true') <> 'false' AND nullif(resource->>'name', '') IS NOT NULL
         UNION ALL SELECT 'PractitionerRole/' || r.id FROM fhir_practitioner_role r JOIN fhir_practitioner p ON r.sp_practitioner = 'Practitioner/' || p.id
          WHERE coalesce(r.resource->>'active', 'true') <> 'false' AND coalesce(p.resource->>'active', 'true') <> 'false'
            AND NOT coalesce(r.sp_role @> ARRAY['sv:urn:bro:practitioner-role|gp-questions-on-duty'], false))
       SELECT (SELECT count(*) FROM directory_entry)::int AS projected, (SELECT count(*) FROM derived)::int AS derived,
              (SELECT count(*) FROM derived d WHERE NOT EXISTS (SELECT 1 FROM directory_entry e WHERE e.ref = d.ref))::int AS missing,
              (SELECT count(*) FROM directory_entry e WHERE NOT EXISTS (SELECT 1 FROM derived d WHERE d.ref = e.ref))::int AS extra`,
    );
    return rows[0];
  } finally {
    await pool.end();
  }
}

interface Found {
  plain: { asked: number; found: number };
  slipped: { asked: number; found: number };
}

const fold = (text: string) => directoryWords(text).join(' ');

/** Keystrokes through the API as the demo GP, noting whether the last keystroke of each name finds it on the first page. */
function broContender(env: BenchEnvironment, token: string, typed: Keystroke[], found: Found) {
  return async (i: number) => {
    const key = typed[i];
    const answer = await send(`${env.apiOrigin}/api/directory/search?q=${encodeURIComponent(key.q)}&pageSize=${PAGE_SIZE}`, 'GET', { Authorization: `Bearer ${token}`, Accept: 'application/json' });
    if (answer.status !== 200) throw new Error(`the search answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    if (!key.last) return;
    const page = JSON.parse(answer.body) as DirectorySearchPage;
    const bucket = key.typo ? found.slipped : found.plain;
    bucket.asked++;
    if (page.entries.some((entry) => fold(entry.name) === fold(key.target))) bucket.found++;
  };
}

/** How long the box's text is: the shortest prefixes match the most entries. */
const LENGTH_BUCKETS = ['2 characters', '3 characters', '4–5 characters', '6–9 characters', '10 or more'] as const;
type LengthBucket = (typeof LENGTH_BUCKETS)[number];
const bucketOf = (q: string): LengthBucket => (q.length <= 2 ? '2 characters' : q.length === 3 ? '3 characters' : q.length <= 5 ? '4–5 characters' : q.length <= 9 ? '6–9 characters' : '10 or more');

/** The same keystrokes as the search's own statement, prepared, straight to PostgreSQL; its own time noted by the text's length. */
function rawContender(pool: Pool, callerOrganizations: string[], typed: Keystroke[], byLength: Map<LengthBucket, number[]>) {
  return async (i: number) => {
    const { sql, params } = await searchStatement(callerOrganizations, directoryWords(typed[i].q));
    const began = performance.now();
    await pool.query({ name: 'bench-directory-search', text: sql, values: params });
    const bucket = bucketOf(typed[i].q);
    byLength.set(bucket, [...(byLength.get(bucket) ?? []), performance.now() - began]);
  };
}

function meanCpu(samples: BenchCpu[]): BenchCpu {
  const mean = (key: keyof BenchCpu) => samples.reduce((sum, sample) => sum + sample[key], 0) / Math.max(1, samples.length);
  return { api: mean('api'), postgres: mean('postgres'), bench: mean('bench') };
}

export async function runDirectoryBench(options: DirectoryBenchOptions): Promise<boolean> {
  const databaseUrl = await prepareDatabase(DATABASE, options.fresh);
  await clearRedisPrefix(REDIS_PREFIX);
  await ensureSeededDirectory(databaseUrl, API_PORT, IDP_PORT);
  log('the national directory (bulk, kept between runs; --fresh starts over)');
  const national = await loadNationalDirectory(databaseUrl, { seed: SEED, today: osloDate(new Date()), baseUrl: `http://127.0.0.1:${API_PORT}/fhir/R4`, onProgress: (line) => log(line) });
  const checked = await projectionCheck(databaseUrl);
  const env = await startBenchEnvironment(databaseUrl, API_PORT, IDP_PORT, REDIS_PREFIX);
  let ok = false;
  try {
    const token = await fetchDemoToken(env.issuer, 'gp');
    const pool = new Pool({ connectionString: databaseUrl, max: 16 });
    const office = await pool.query<{ id: string }>(`SELECT resource_id AS id FROM fhir_identifier WHERE resource_type = 'Organization' AND system = $1 AND value = $2`, [
      IdentifierSystem.Organisasjonsnummer,
      DEMO_IDENTITIES.organizations.gpOfficeSentrum.orgnr,
    ]);
    const callerOrganizations = office.rows.map((row) => `Organization/${row.id}`);
    const perRound = Math.floor(options.rate * options.seconds);
    // Half the names typed are units, offices and services, half people (as many people as places, drawn evenly).
    const people = national.names.people.filter((_, i) => i % Math.max(1, Math.floor(national.names.people.length / national.names.places.length)) === 0);
    const typed = keystrokes([...national.names.places, ...people], WARM_UP + perRound * options.rounds * 2, SEED);
    const found: Found = { plain: { asked: 0, found: 0 }, slipped: { asked: 0, found: 0 } };
    const warmFound: Found = { plain: { asked: 0, found: 0 }, slipped: { asked: 0, found: 0 } };
    const bro = broContender(env, token, typed, found);
    const byLength = new Map<LengthBucket, number[]>();
    const raw = rawContender(pool, callerOrganizations, typed, byLength);
    for (let i = 0; i < WARM_UP; i++) {
      await broContender(env, token, typed, warmFound)(i);
      await raw(i);
    }

    byLength.clear();
    const cpu = benchCpuMeter(env.apiPid, databaseUrl);
    const results = { raw: { runs: [] as RunResult[], cpu: [] as BenchCpu[] }, bro: { runs: [] as RunResult[], cpu: [] as BenchCpu[] } };
    log(`type-ahead: ${options.rate} keystrokes/s, ${options.rounds} rounds of ${options.seconds} s per contender, interleaved (raw SQL, Bro, ...); ${national.entries.toLocaleString('en')} entries (load average ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
    let next = WARM_UP;
    for (let round = 1; round <= options.rounds; round++) {
      for (const name of ['raw', 'bro'] as const) {
        const from = next;
        next += perRound;
        cpu.start();
        const run = await openLoop((i) => (name === 'raw' ? raw(from + i) : bro(from + i)), options.rate, options.seconds * 1000);
        results[name].cpu.push(cpu.stop() as unknown as BenchCpu);
        results[name].runs.push(run);
        log(`round ${round}: ${name === 'raw' ? 'raw SQL' : 'Bro'}: ${run.samples.length} in ${run.seconds.toFixed(1)} s${run.errors ? `, ${run.errors} errors (first: ${run.firstError})` : ''}`);
      }
    }
    await pool.end();
    const baseline = merge(results.raw.runs);
    const search = merge(results.bro.runs);
    const searchOk = search.p99 < P99_TARGET_MS && search.errors === 0;
    const projectionOk = checked.missing === 0 && checked.extra === 0;
    const share = (bucket: { asked: number; found: number }) => (bucket.asked ? `${((100 * bucket.found) / bucket.asked).toFixed(0)} % of ${bucket.asked}` : '-');
    printTable(
      `Directory type-ahead, ${new Date().toISOString().slice(0, 16)}Z: ${national.entries.toLocaleString('en')} entries (${national.counts.Organization.inserted + national.counts.Organization.existing} national organisations, ${national.counts.HealthcareService.inserted + national.counts.HealthcareService.existing} services, ${national.counts.PractitionerRole.inserted + national.counts.PractitionerRole.existing} roles, with the Bergen directory); ${options.rate} keystrokes/s, ${options.rounds}×${options.seconds} s per contender, interleaved; load average after ${loadavg().map((n) => n.toFixed(2)).join(' ')} (2 cores, shared)`,
      [...LATENCY_HEADER, ...CPU_HEADER, 'p99 ÷ raw p99', 'target'],
      [
        [...latencyRow('raw SQL: directory_search (prepared, as the service sends it)', baseline), ...cpuColumns(meanCpu(results.raw.cpu), baseline, false), 1, '-'],
        [
          ...latencyRow('Bro: GET /api/directory/search?q= (demo GP, open loop)', search),
          ...cpuColumns(meanCpu(results.bro.cpu), search, true),
          format(search.p99 / baseline.p99),
          verdict(searchOk, `p99 ${format(search.p99)} ms ≥ ${P99_TARGET_MS}${search.errors ? `, ${search.errors} errors` : ''}`),
        ],
      ],
    );
    printTable(
      'The raw statement by what is in the box (its own time, not from when it was due)',
      ['text typed', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      LENGTH_BUCKETS.map((bucket) => {
        const summary = summarise(byLength.get(bucket) ?? [], 0, 1);
        return [bucket, summary.count, summary.p50, summary.p95, summary.p99, summary.max];
      }),
    );
    printTable('What the typing found (the name typed, on the first page at its last keystroke)', ['typed', 'found'], [
      ['as written', share(found.plain)],
      ['with a slip (letter left out, swapped, doubled, or æøå without marks)', share(found.slipped)],
    ]);
    printTable('The search projection against the stored resources', ['entries projected', 'entries the resources give', 'missing', 'extra', 'check'], [
      [checked.projected, checked.derived, checked.missing, checked.extra, verdict(projectionOk, `${checked.missing} missing, ${checked.extra} extra`)],
    ]);
    ok = searchOk && projectionOk;
  } finally {
    await env.stop();
  }
  if (!options.revolvingDoor) return ok;
  log('revolving-door check (its own database and API processes)');
  await runRevolvingDoorBench({ ...options.revolvingDoor, fresh: options.fresh });
  return ok;
}
