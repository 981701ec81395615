/**
 * `npm run bench -- handover`: discharge hand-overs (1 Encounter + 4 Tasks for a new patient) through
 * the API against the same rows written straight with SQL, interleaved; and the GP inbox of a GP with
 * 200 open Tasks among a million, at a constant arrival rate. Its own database, bro_bench_handover,
 * holds the seeded directory the hand-overs need (the fhir scenario's database has none).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Resource, TaskCategoryCode } from '@app/fhir';
import { PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from '../seed/directory-codes';
import { seedDirectory } from '../seed/seed';
import { SeededRandom } from '../seed/seeded-random';
import { drawCategories } from '../simulator/category-mix';
import { asTransaction, dischargeHandoverEntries } from '../simulator/discharge-handover';
import { NewPatientFactory } from '../simulator/new-patient.factory';
import { describeTask } from '../simulator/task-descriptions';
import { fetchDemoToken } from '../identity-provider/demo-token';
import { BenchEnvironment, log, prepareDatabase, startBenchEnvironment } from './bench-environment';
import { CPU_HEADER, LATENCY_HEADER, cpuColumns, latencyRow, verdict } from './bench-report';
import { expectStatus, send } from './http-client';
import { ExplainedQuery, explainInbox } from './inbox-explain';
import { interleavedRounds } from './interleaved-rounds';
import { LatencySummary, merge } from './latency-stats';
import { closedLoop, openLoop } from './load-generator';
import { BenchCpu, benchCpuMeter } from './process-cpu';
import { baselineTablesSql, rawResourceInsert } from './raw-handover.sql';
import { ensureSeededDirectory } from './seeded-directory';
import { printTable } from './table';
import { ensureTasks, verifySample } from './task-bulk-loader';

export interface HandoverBenchOptions {
  tasks: number;
  seconds: number;
  rounds: number;
  clients: number;
  inboxRate: number;
  fresh: boolean;
}

const DATABASE = 'bro_bench_handover';
const TASKS_PER_HANDOVER = 4;
const HANDOVERS_PER_SECOND_TARGET = 300;
const INBOX_P99_TARGET_MS = 30;
const GP_OPEN_TASKS = 200;
const GP_CLOSED_TASKS = 1_800;
/** Bro's own due-date rule is not the point here; the baseline rows just need a due date like Bro's. */
const BASELINE_DUE_DAYS = 14;

interface Directory {
  /** The Haukeland unit handing over (the demo coordinator's, Medisinsk avdeling). */
  unit: string;
  /** GPs whose patients are discharged: every seeded GP except the demo ones, whose inboxes stay as loaded. */
  gpRoles: string[];
  demoGpRole: string;
  demoGpOffice?: string;
  takenPersonNumbers: string[];
}

async function loadDirectory(env: BenchEnvironment): Promise<Directory> {
  const seeded = await seedDirectory({ fhirBaseUrl: env.fhirBaseUrl, token: env.token, onProgress: () => undefined });
  log(`directory: ${seeded.created} resources created, ${seeded.existing} already there`);
  const demoRoles = Object.values(seeded.references.demoPractitionerRoles);
  const demoGpRole = seeded.references.demoPractitionerRoles.gp;
  const unit = seeded.references.demoOrganizations.haukelandMedisinsk;
  if (!demoGpRole || !unit) throw new Error('the seeded directory lacks the demo GP or the Haukeland unit');
  const pool = new Pool({ connectionString: env.databaseUrl, max: 1 });
  try {
    const { rows: roles } = await pool.query<{ ref: string }>(
      `SELECT 'PractitionerRole/' || id AS ref FROM fhir_practitioner_role WHERE sp_role && $1::text[] AND NOT ('PractitionerRole/' || id) = ANY($2::text[]) ORDER BY id`,
      [[`sv:${PRACTITIONER_ROLE_CODE_SYSTEM}|${PractitionerRoleCode.Gp}`], demoRoles],
    );
    const { rows: office } = await pool.query<{ organization: string | null }>(`SELECT sp_organization AS organization FROM fhir_practitioner_role WHERE id = $1`, [
      demoGpRole.split('/')[1],
    ]);
    const { rows: numbers } = await pool.query<{ value: string }>(`SELECT value FROM fhir_identifier WHERE resource_type = 'Patient'`);
    return { unit, gpRoles: roles.map((r) => r.ref), demoGpRole, demoGpOffice: office[0]?.organization ?? undefined, takenPersonNumbers: numbers.map((r) => r.value) };
  } finally {
    await pool.end();
  }
}

/** Builds hand-overs of a new patient (with a GP) and one stay with four tasks, as Haukeland's EHR sends them. */
class HandoverFactory {
  private readonly random = new SeededRandom(Date.now() >>> 0);
  private readonly patients: NewPatientFactory;

  constructor(private readonly directory: Directory) {
    this.patients = new NewPatientFactory(this.random.fork('patients'), directory.takenPersonNumbers);
  }

  build(i: number) {
    const now = new Date();
    const gp = this.directory.gpRoles[i % this.directory.gpRoles.length];
    const categories: TaskCategoryCode[] = drawCategories(this.random, TASKS_PER_HANDOVER);
    return {
      gp,
      content: dischargeHandoverEntries({
        patient: this.patients.patient({ generalPractitioner: [{ reference: gp }] }, now),
        requester: this.directory.unit,
        admittedAt: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
        dischargedAt: now.toISOString(),
        tasks: categories.map((category) => ({ category, description: describeTask(this.random, category) })),
      }),
    };
  }
}

/**
 * The hand-over's resources as Bro stores them: server ids instead of urn:uuid references, and the
 * owner and due date Bro would fill in, so the baseline rows carry the same search columns.
 */
function storedResources(content: ReturnType<typeof dischargeHandoverEntries>, owner: string): Resource[] {
  const ids = new Map(content.entries.map((entry) => [entry.fullUrl!, `${entry.resource!.resourceType}/${randomUUID()}`]));
  let json = JSON.stringify(content.entries.map((entry) => ({ ...entry.resource, id: ids.get(entry.fullUrl!)!.split('/')[1] })));
  for (const [fullUrl, reference] of ids) json = json.split(`"${fullUrl}"`).join(`"${reference}"`);
  const due = new Date(Date.now() + BASELINE_DUE_DAYS * 86_400_000).toISOString().slice(0, 10);
  return (JSON.parse(json) as Resource[]).map((resource) =>
    resource.resourceType === 'Task' ? { ...resource, owner: { reference: owner }, restriction: { period: { end: due } } } : resource,
  );
}

async function measureHandovers(env: BenchEnvironment, directory: Directory, options: HandoverBenchOptions) {
  const pool = new Pool({ connectionString: env.databaseUrl, max: options.clients });
  for (const sql of baselineTablesSql(['Patient', 'Encounter', 'Task'])) await pool.query(sql);
  const factory = new HandoverFactory(directory);
  const headers = { Authorization: `Bearer ${env.token}`, 'Content-Type': 'application/fhir+json' };
  const entries = 2 + TASKS_PER_HANDOVER;
  const bro = async (i: number) => {
    const body = await expectStatus(send(env.fhirBaseUrl, 'POST', headers, JSON.stringify(asTransaction(factory.build(i).content))), 200);
    const created = body.match(/"status":"201/g)?.length ?? 0;
    if (created !== entries) throw new Error(`a new hand-over answered with ${created} of ${entries} entries created`);
  };
  const baseline = async (i: number) => {
    const { content, gp } = factory.build(i);
    const statement = rawResourceInsert(storedResources(content, gp), env.fhirBaseUrl);
    await pool.query(statement.text, statement.values);
  };
  await closedLoop(bro, options.clients, 2_000); // warm-up: JIT, pools, token and scope caches
  const results = await interleavedRounds(
    [
      { name: 'raw SQL', operation: baseline },
      { name: 'Bro', operation: bro },
    ],
    { rounds: options.rounds, clients: options.clients, durationMs: options.seconds * 1000, cpu: benchCpuMeter(env.apiPid, env.databaseUrl) },
  );
  await pool.end();
  return {
    baseline: results['raw SQL'].summary,
    bro: results.Bro.summary,
    cpu: { baseline: results['raw SQL'].cpu as unknown as BenchCpu, bro: results.Bro.cpu as unknown as BenchCpu },
  };
}

/** What the GP's inbox must show: exactly the open Tasks loaded for them, in the list and in the badges. */
async function checkInbox(env: BenchEnvironment, gpToken: string): Promise<void> {
  const headers = { Authorization: `Bearer ${gpToken}` };
  const list = JSON.parse(await expectStatus(send(`${env.apiOrigin}/api/inbox/tasks?pageSize=200`, 'GET', headers), 200)) as { total: number };
  const counts = JSON.parse(await expectStatus(send(`${env.apiOrigin}/api/inbox/counts`, 'GET', headers), 200)) as { open: number };
  if (list.total !== GP_OPEN_TASKS || counts.open !== GP_OPEN_TASKS) {
    throw new Error(`the demo GP's inbox shows ${list.total} tasks and counts ${counts.open} open; ${GP_OPEN_TASKS} were loaded`);
  }
  log(`inbox checked: list total ${list.total} = badge count ${counts.open} = ${GP_OPEN_TASKS} loaded`);
}

async function measureInbox(env: BenchEnvironment, options: HandoverBenchOptions) {
  const gpToken = await fetchDemoToken(env.issuer, 'gp');
  await checkInbox(env, gpToken);
  const headers = { Authorization: `Bearer ${gpToken}` };
  const list = () =>
    expectStatus(send(`${env.apiOrigin}/api/inbox/tasks`, 'GET', headers), 200).then((body) => {
      if (!body.includes(`"total":${GP_OPEN_TASKS}`)) throw new Error('the inbox total changed during the run');
    });
  const counts = () => expectStatus(send(`${env.apiOrigin}/api/inbox/counts`, 'GET', headers), 200).then(() => undefined);
  const cpu = benchCpuMeter(env.apiPid, env.databaseUrl);
  await openLoop(list, options.inboxRate, 2_000);
  cpu.start();
  const listRun = await openLoop(list, options.inboxRate, options.seconds * 1000);
  const listCpu = cpu.stop() as unknown as BenchCpu;
  // The same page at a tenth of the rate: what one request costs when requests do not queue for the CPU.
  cpu.start();
  const slowListRun = await openLoop(list, options.inboxRate / 10, options.seconds * 1000);
  const slowListCpu = cpu.stop() as unknown as BenchCpu;
  await openLoop(counts, options.inboxRate, 1_000);
  cpu.start();
  const countsRun = await openLoop(counts, options.inboxRate, options.seconds * 1000);
  const countsCpu = cpu.stop() as unknown as BenchCpu;
  for (const run of [listRun, slowListRun, countsRun]) if (run.firstError) log(`  first error: ${run.firstError}`);
  return {
    list: merge([listRun]),
    slowList: merge([slowListRun]),
    counts: merge([countsRun]),
    cpu: { list: listCpu, slowList: slowListCpu, counts: countsCpu },
  };
}

function printPlan(title: string, query: ExplainedQuery): void {
  console.log(`\n${title} — PostgreSQL execution ${query.executionMs.toFixed(2)} ms`);
  console.log(`  ${query.sql}`);
  for (const line of query.plan) console.log(`    ${line}`);
}

function missedBy(measured: number, target: number, unit: string, higherIsBetter: boolean): string {
  const gap = higherIsBetter ? target - measured : measured - target;
  return `${higherIsBetter ? 'short by' : 'over by'} ${gap.toFixed(1)} ${unit} (${((gap / target) * 100).toFixed(0)}% of the target)`;
}

export async function runHandoverBench(options: HandoverBenchOptions): Promise<void> {
  const databaseUrl = await prepareDatabase(DATABASE, options.fresh);
  await ensureSeededDirectory(databaseUrl);
  const env = await startBenchEnvironment(databaseUrl);
  try {
    const directory = await loadDirectory(env);
    await ensureTasks(databaseUrl, options.tasks, { owner: directory.demoGpRole, open: GP_OPEN_TASKS, closed: GP_CLOSED_TASKS });
    await verifySample(databaseUrl, env.fhirBaseUrl);

    log(`hand-overs: ${options.rounds} interleaved rounds of ${options.seconds} s, ${options.clients} concurrent clients`);
    const handovers = await measureHandovers(env, directory, options);
    log(`inbox of a GP with ${GP_OPEN_TASKS} open Tasks among ${options.tasks.toLocaleString('en')}: ${options.inboxRate}/s open loop`);
    const inbox = await measureInbox(env, options);
    const plans = await explainInbox(databaseUrl, directory.demoGpRole, directory.demoGpOffice);

    const ratio = handovers.bro.perSecond / handovers.baseline.perSecond;
    const withTasks = (s: LatencySummary) => `${(s.perSecond * TASKS_PER_HANDOVER).toFixed(0)}`;
    printTable(
      `Hand-overs (new Patient + Encounter + ${TASKS_PER_HANDOVER} Tasks), ${options.clients} concurrent clients (closed loop), interleaved. ` +
        `Baseline: the same 6 resource rows with their search columns straight into copies of Bro's tables (same indexes), one INSERT statement (one transaction, one round trip) per hand-over; ` +
        `no history, identifier, hand-over or transition rows`,
      [...LATENCY_HEADER, 'Tasks/s', ...CPU_HEADER],
      [
        latencyRow('raw SQL, 6 rows (baseline)', handovers.baseline, [withTasks(handovers.baseline), ...cpuColumns(handovers.cpu.baseline, handovers.baseline, false)]),
        latencyRow('POST transaction Bundle via Bro', handovers.bro, [withTasks(handovers.bro), ...cpuColumns(handovers.cpu.bro, handovers.bro, true)]),
        ['Bro / baseline', '', '', `${(ratio * 100).toFixed(1)}%`, '', '', '', '', '', '', '', '', '', '', ''],
      ],
    );
    printTable(
      `GP inbox as the demo gp (${GP_OPEN_TASKS} open + ${GP_CLOSED_TASKS} closed own Tasks among ${options.tasks.toLocaleString('en')}), ${options.inboxRate}/s open loop`,
      [...LATENCY_HEADER, ...CPU_HEADER],
      [
        latencyRow('GET /api/inbox/tasks (page of 50)', inbox.list, cpuColumns(inbox.cpu.list, inbox.list, true)),
        latencyRow(`same, at ${options.inboxRate / 10}/s (no queueing)`, inbox.slowList, cpuColumns(inbox.cpu.slowList, inbox.slowList, true)),
        latencyRow('GET /api/inbox/counts', inbox.counts, cpuColumns(inbox.cpu.counts, inbox.counts, true)),
      ],
    );
    printPlan('Inbox page SQL (TaskListQuery.list), EXPLAIN ANALYZE', plans.list);
    printPlan('Inbox counts SQL (TaskListQuery.counts), EXPLAIN ANALYZE', plans.counts);
    printTable('Targets', ['target', 'measured', 'verdict'], [
      [
        `>= ${HANDOVERS_PER_SECOND_TARGET} hand-overs/s (${HANDOVERS_PER_SECOND_TARGET * TASKS_PER_HANDOVER} Tasks/s)`,
        `${handovers.bro.perSecond.toFixed(1)}/s (${withTasks(handovers.bro)} Tasks/s; ${(ratio * 100).toFixed(1)}% of raw SQL)`,
        verdict(handovers.bro.perSecond >= HANDOVERS_PER_SECOND_TARGET, missedBy(handovers.bro.perSecond, HANDOVERS_PER_SECOND_TARGET, 'hand-overs/s', true)),
      ],
      [
        `inbox p99 < ${INBOX_P99_TARGET_MS} ms`,
        `${inbox.list.p99.toFixed(1)} ms (SQL alone ${plans.list.executionMs.toFixed(1)} ms)`,
        verdict(inbox.list.p99 < INBOX_P99_TARGET_MS, missedBy(inbox.list.p99, INBOX_P99_TARGET_MS, 'ms', false)),
      ],
      [
        `inbox counts p99 < ${INBOX_P99_TARGET_MS} ms (same target for the badges)`,
        `${inbox.counts.p99.toFixed(1)} ms (SQL alone ${plans.counts.executionMs.toFixed(1)} ms)`,
        verdict(inbox.counts.p99 < INBOX_P99_TARGET_MS, missedBy(inbox.counts.p99, INBOX_P99_TARGET_MS, 'ms', false)),
      ],
    ]);
  } finally {
    await env.stop();
  }
}
