import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Database } from '../../apps/api/src/database/sql-client';
import { FhirResourceStore } from '../../apps/api/src/fhir/store/fhir-resource.store';
import { assertValidResource } from '../../apps/api/src/fhir/validation/resource-validation';
import { encodeCursor } from '../../apps/api/src/fhir/search/search-cursor';
import { BenchEnvironment, log, prepareDatabase, startBenchEnvironment } from './bench-environment';
import { expectStatus, send } from './http-client';
import { CPU_HEADER, LATENCY_HEADER, cpuColumns, latencyRow, verdict } from './bench-report';
import { interleavedRounds } from './interleaved-rounds';
import { merge } from './latency-stats';
import { closedLoop, openLoop } from './load-generator';
import { BenchCpu, benchCpuMeter } from './process-cpu';
import { printTable } from './table';
import { BENCH_GPS, BENCH_PATIENTS, ensureTasks, verifySample } from './task-bulk-loader';
import { measureValidationCost, printValidationCost } from './validation-cost.bench';
import { ensurePatients, verifyPatientSample } from './patient-bulk-loader';
import { STRING_SEARCH_QUERY, measureStringSearch } from './string-search.bench';

export interface FhirBenchOptions {
  tasks: number;
  seconds: number;
  rounds: number;
  clients: number;
  searchRate: number;
  /** Patients with Norwegian names and Bergen addresses, for the string search. */
  patients: number;
  stringSearchRate: number;
  fresh: boolean;
}

const CREATE_TARGET_RATIO = 0.25;
const SEARCH_P99_TARGET_MS = 50;

function taskBody(i: number): Record<string, unknown> {
  return {
    resourceType: 'Task',
    identifier: [{ system: 'urn:bro:bench:created', value: randomUUID() }],
    status: 'requested',
    intent: 'order',
    priority: i % 25 === 0 ? 'urgent' : 'routine',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    description: 'Kontroll av blodprøver (Hb, CRP, kreatinin) om en uke, vurder videre behandling.',
    for: { reference: `Patient/bench-patient-${i % BENCH_PATIENTS}` },
    owner: { reference: `PractitionerRole/bench-role-${i % BENCH_GPS}` },
    requester: { reference: 'Organization/bench-unit' },
    authoredOn: new Date().toISOString(),
    restriction: { period: { end: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10) } },
  };
}

async function measureCreates(env: BenchEnvironment, options: FhirBenchOptions) {
  const pool = new Pool({ connectionString: env.databaseUrl, max: options.clients });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline_insert (id text PRIMARY KEY, resource jsonb NOT NULL)');
  await pool.query('TRUNCATE bench_baseline_insert');
  const headers = { Authorization: `Bearer ${env.token}`, 'Content-Type': 'application/fhir+json' };
  const baseline = (i: number) => {
    const id = randomUUID();
    const resource = { ...taskBody(i), id, meta: { versionId: '1', lastUpdated: new Date().toISOString() } };
    return pool.query('INSERT INTO bench_baseline_insert (id, resource) VALUES ($1, $2)', [id, JSON.stringify(resource)]).then(() => undefined);
  };
  // Bro's own write path without HTTP, auth and JSON parsing: what storing a Task costs in PostgreSQL
  // (reference check, row with its search columns and indexes, history row, identifier claim).
  const store = new FhirResourceStore(new Database(pool), env.fhirBaseUrl);
  const storeOnly = (i: number) => store.create(assertValidResource(taskBody(i), 'Task')).then(() => undefined);
  const bro = (i: number) => expectStatus(send(`${env.fhirBaseUrl}/Task`, 'POST', headers, JSON.stringify(taskBody(i))), 201).then(() => undefined);

  const cpu = benchCpuMeter(env.apiPid, env.databaseUrl);
  await closedLoop(bro, options.clients, 2_000); // warm-up: JIT, pools, token cache
  const results = await interleavedRounds(
    [
      { name: 'raw INSERT', operation: baseline },
      { name: 'Bro store without HTTP', operation: storeOnly },
      { name: 'Bro create', operation: bro },
    ],
    { rounds: options.rounds, clients: options.clients, durationMs: options.seconds * 1000, cpu },
  );
  await pool.end();
  const cpuOf = (name: string) => results[name].cpu as unknown as BenchCpu;
  return {
    baseline: results['raw INSERT'].summary,
    store: results['Bro store without HTTP'].summary,
    bro: results['Bro create'].summary,
    cpu: { bro: cpuOf('Bro create'), store: cpuOf('Bro store without HTTP'), baseline: cpuOf('raw INSERT') },
  };
}

async function measureSearches(env: BenchEnvironment, options: FhirBenchOptions) {
  const headers = { Authorization: `Bearer ${env.token}` };
  const byOwner = (i: number) =>
    expectStatus(
      send(`${env.fhirBaseUrl}/Task?owner=PractitionerRole/bench-role-${(i * 37) % BENCH_GPS}&status=requested&_count=50`, 'GET', headers),
      200,
    ).then((body) => {
      if (!body.includes('"total"')) throw new Error('searchset without total');
    });
  await openLoop(byOwner, options.searchRate, 2_000);
  const ownerRun = await openLoop(byOwner, options.searchRate, options.seconds * 1000);

  // A page 100,000 rows deep into "all completed Tasks", reached by cursor: it must cost what page 1 costs.
  const pool = new Pool({ connectionString: env.databaseUrl, max: 1 });
  const { rows } = await pool.query<{ sort_key: string; id: string }>(
    `SELECT last_updated::text AS sort_key, id FROM fhir_task WHERE sp_status = 'completed' ORDER BY last_updated DESC, id DESC OFFSET 100000 LIMIT 1`,
  );
  await pool.end();
  const deepCursor = encodeCursor({ direction: 'next', sortValues: [rows[0].sort_key], id: rows[0].id });
  const firstPage = () => expectStatus(send(`${env.fhirBaseUrl}/Task?status=completed&_count=50&_total=none`, 'GET', headers), 200).then(() => undefined);
  const deepPage = () =>
    expectStatus(send(`${env.fhirBaseUrl}/Task?status=completed&_count=50&_total=none&_cursor=${deepCursor}`, 'GET', headers), 200).then(() => undefined);
  const pageSeconds = Math.max(3, Math.round(options.seconds / 2)) * 1000;
  const first = await openLoop(firstPage, options.searchRate, pageSeconds);
  const deep = await openLoop(deepPage, options.searchRate, pageSeconds);
  return { owner: merge([ownerRun]), first: merge([first]), deep: merge([deep]) };
}

export async function runFhirBench(options: FhirBenchOptions): Promise<void> {
  const databaseUrl = await prepareDatabase('bro_bench', options.fresh);
  await ensureTasks(databaseUrl, options.tasks);
  await ensurePatients(databaseUrl, options.patients);
  const env = await startBenchEnvironment(databaseUrl);
  try {
    await verifySample(databaseUrl, env.fhirBaseUrl);
    await verifyPatientSample(databaseUrl, options.patients);
    log(`Task create: ${options.rounds} interleaved rounds of ${options.seconds} s, ${options.clients} concurrent clients`);
    const creates = await measureCreates(env, options);
    const validation = await measureValidationCost(env, options);
    log(`Task search at ${options.tasks.toLocaleString('en')} Tasks: ${options.searchRate}/s open loop`);
    const searches = await measureSearches(env, options);
    log(`${STRING_SEARCH_QUERY} at ${options.patients.toLocaleString('en')} Patients: ${options.stringSearchRate}/s open loop, interleaved with raw SQL`);
    const strings = await measureStringSearch(env, { seconds: options.seconds, rounds: options.rounds, rate: options.stringSearchRate });

    const ratio = creates.bro.perSecond / creates.baseline.perSecond;
    const head = LATENCY_HEADER;
    // CPU per operation tells where a create's time goes: the API process, PostgreSQL, or the load generator.
    printTable(
      `Task create, ${options.clients} concurrent clients (closed loop), interleaved with the baseline`,
      [...head, ...CPU_HEADER],
      [
        latencyRow('raw INSERT via pg (baseline)', creates.baseline, cpuColumns(creates.cpu.baseline, creates.baseline, false)),
        latencyRow('Bro store, no HTTP (in load gen)', creates.store, cpuColumns(creates.cpu.store, creates.store, false)),
        latencyRow('POST /Task via Bro', creates.bro, cpuColumns(creates.cpu.bro, creates.bro, true)),
      ],
    );
    printValidationCost(validation, options.clients);
    printTable(`Task search, ${options.tasks.toLocaleString('en')} stored Tasks, ${options.searchRate}/s open loop`, head, [
      latencyRow('owner+status, _count=50 (with total)', searches.owner),
      latencyRow('status, first page', searches.first),
      latencyRow('status, page 2,001 by cursor', searches.deep),
    ]);
    printTable(
      `String search, ${options.patients.toLocaleString('en')} named Patients, ${strings.total.toLocaleString('en')} match, ${options.stringSearchRate}/s open loop, interleaved`,
      head,
      [
        latencyRow('raw SQL, same trigram index: page + count (baseline)', strings.raw),
        latencyRow(`GET ${STRING_SEARCH_QUERY} (first page of 20, total)`, strings.bro),
        latencyRow(`GET ${STRING_SEARCH_QUERY}&_total=none (page only)`, strings.pageOnly),
        latencyRow('count without the index: names read from jsonb (for scale, 1 client)', strings.unindexed),
      ],
    );
    printTable('Targets', ['target', 'measured', 'verdict'], [
      [
        `create throughput >= ${CREATE_TARGET_RATIO * 100}% of raw INSERT`,
        `${(ratio * 100).toFixed(1)}% (${creates.bro.perSecond.toFixed(0)}/s vs ${creates.baseline.perSecond.toFixed(0)}/s)`,
        verdict(ratio >= CREATE_TARGET_RATIO, `${((CREATE_TARGET_RATIO - ratio) * 100).toFixed(1)} points short`),
      ],
      [
        `search p99 < ${SEARCH_P99_TARGET_MS} ms at ${options.tasks.toLocaleString('en')} Tasks`,
        `${searches.owner.p99.toFixed(1)} ms`,
        verdict(searches.owner.p99 < SEARCH_P99_TARGET_MS, `${(searches.owner.p99 - SEARCH_P99_TARGET_MS).toFixed(1)} ms over`),
      ],
      [
        `${STRING_SEARCH_QUERY} p99 < ${SEARCH_P99_TARGET_MS} ms at ${options.patients.toLocaleString('en')} Patients`,
        `${strings.bro.p99.toFixed(1)} ms (raw SQL ${strings.raw.p99.toFixed(1)} ms, ratio ${(strings.bro.p99 / strings.raw.p99).toFixed(2)})`,
        verdict(strings.bro.p99 < SEARCH_P99_TARGET_MS, `${(strings.bro.p99 - SEARCH_P99_TARGET_MS).toFixed(1)} ms over`),
      ],
    ]);
  } finally {
    await env.stop();
  }
}
