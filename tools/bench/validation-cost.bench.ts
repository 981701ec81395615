/**
 * What checking every write against R4's StructureDefinitions costs: Task creates through two API
 * processes on one database, interleaved round by round, one as Bro runs and one with that check taken
 * out (Bro's own rules only, `without-r4-validation.preload.js`); and, in this process, validating a
 * discharge Task and a Patient both ways, CPU time only.
 */
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Resource, generateFodselsnummer, validateResource } from '@app/fhir';
import { resourceIssues } from '../../apps/api/src/fhir/validation/resource-validation';
import { indexR4StructureDefinitions, validateAgainstR4 } from '../../apps/api/src/fhir/validation/structure-definition-validator';
import { expectStatus, send } from './http-client';
import { interleavedRounds } from './interleaved-rounds';
import { LatencySummary } from './latency-stats';
import { closedLoop } from './load-generator';
import { BenchCpu, CpuMeter } from './process-cpu';
import { CPU_HEADER, LATENCY_HEADER, cpuColumns, latencyRow, verdict } from './bench-report';
import { printTable } from './table';
import { BENCH_GPS, BENCH_PATIENTS, ensureTasks } from './task-bulk-loader';
import { BenchEnvironment, dropDatabase, log, prepareDatabase, startApiProcess, startBenchEnvironment } from './bench-environment';

export interface ValidationCostOptions {
  rounds: number;
  clients: number;
  seconds: number;
  /** Where the second API (without the R4 check) listens, and its Redis prefix (the first API's). */
  port?: number;
  redisPrefix?: string;
}

export interface ValidationCost {
  without: LatencySummary;
  with: LatencySummary;
  cpu: { without: BenchCpu; with: BenchCpu };
  /** Microseconds per resource in this process: Bro's rules only, as Bro validates (R4's for contained resources of other types), R4's for everything. */
  inProcess: Array<{ resource: string; own: number; adopted: number; whole: number }>;
}

/** Adopting the R4 check is worth up to this share of create throughput (issue 15). */
export const VALIDATION_COST_LIMIT = 0.1;

const WITHOUT_R4 = resolve(__dirname, 'without-r4-validation.preload.js');

/** A discharge follow-up Task as the hospital EHR sends it, with a contained Medication and narrative. */
export function dischargeTask(i: number): Resource {
  return {
    resourceType: 'Task',
    identifier: [{ system: 'urn:bro:bench:validation', value: randomUUID() }],
    status: 'requested',
    intent: 'order',
    priority: i % 25 === 0 ? 'urgent' : 'routine',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    description: 'Kontroll av blodprøver (Hb, CRP, kreatinin) om en uke, vurder videre behandling.',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Kontroll av <b>Hb, CRP, kreatinin</b> om en uke.</p></div>' },
    contained: [{ resourceType: 'Medication', id: 'med', code: { text: 'Paracetamol 500 mg' } }],
    focus: { reference: '#med' },
    for: { reference: `Patient/bench-patient-${i % BENCH_PATIENTS}` },
    owner: { reference: `PractitionerRole/bench-role-${i % BENCH_GPS}` },
    requester: { reference: 'Organization/bench-unit' },
    authoredOn: new Date().toISOString(),
    restriction: { period: { end: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10) } },
    note: [{ text: 'Pasienten bruker paracetamol ved behov.' }],
  };
}

function benchPatient(): Resource {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: generateFodselsnummer(new Date(Date.UTC(1953, 2, 13)), Math.random) }],
    name: [{ family: 'Nordmann', given: ['Kari', 'Anne'] }],
    gender: 'female',
    birthDate: '1953-03-13',
    address: [{ line: ['Storgata 1'], postalCode: '5003', city: 'Bergen' }],
    telecom: [{ system: 'phone', value: '+4755555555' }],
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Kari Anne Nordmann, f. 13.03.1953</div>' },
  };
}

function microsecondsPer(work: () => unknown, times: number): number {
  for (let i = 0; i < times / 10; i++) work();
  const started = process.hrtime.bigint();
  for (let i = 0; i < times; i++) work();
  return Number(process.hrtime.bigint() - started) / 1000 / times;
}

/** In this process: the same resources validated by Bro's rules alone and with R4's, alternately. */
function measureInProcess(times = 5_000): ValidationCost['inProcess'] {
  indexR4StructureDefinitions();
  return [
    ['discharge Task', dischargeTask(1)],
    ['Patient', benchPatient()],
  ].map(([name, resource]) => {
    const own: number[] = [];
    const adopted: number[] = [];
    const whole: number[] = [];
    for (let round = 0; round < 3; round++) {
      own.push(microsecondsPer(() => validateResource(resource), times));
      adopted.push(microsecondsPer(() => resourceIssues(resource as Resource), times));
      whole.push(microsecondsPer(() => [...validateResource(resource), ...validateAgainstR4(resource as Resource)], times / 10));
    }
    return { resource: name as string, own: Math.min(...own), adopted: Math.min(...adopted), whole: Math.min(...whole) };
  });
}

export async function measureValidationCost(env: BenchEnvironment, options: ValidationCostOptions): Promise<ValidationCost> {
  const inProcess = measureInProcess();
  const without = await startApiProcess({
    databaseUrl: env.databaseUrl,
    port: options.port ?? 3901,
    issuer: env.issuer,
    redisPrefix: options.redisPrefix ?? 'bro_bench',
    preload: WITHOUT_R4,
  });
  try {
    const headers = { Authorization: `Bearer ${env.token}`, 'Content-Type': 'application/fhir+json' };
    const create = (base: string) => (i: number) => expectStatus(send(`${base}/Task`, 'POST', headers, JSON.stringify(dischargeTask(i))), 201).then(() => undefined);
    const database = decodeURIComponent(new URL(env.databaseUrl).pathname.slice(1));
    // Both API processes count as "api": the idle one adds next to nothing while the other is measured.
    const cpu = new CpuMeter({ api: () => [env.apiPid, without.pid], postgres: CpuMeter.postgresFor(database), bench: CpuMeter.pids(process.pid) });
    for (const base of [without.fhirBaseUrl, env.fhirBaseUrl]) await closedLoop(create(base), options.clients, 2_000); // warm-up: JIT, pools, token cache
    log(`validation cost: ${options.rounds} interleaved rounds of ${options.seconds} s, ${options.clients} clients, Bro's rules only vs with R4 StructureDefinitions`);
    const results = await interleavedRounds(
      [
        { name: 'without', operation: create(without.fhirBaseUrl) },
        { name: 'with', operation: create(env.fhirBaseUrl) },
      ],
      { rounds: options.rounds, clients: options.clients, durationMs: options.seconds * 1000, cpu },
    );
    return {
      without: results.without.summary,
      with: results.with.summary,
      cpu: { without: results.without.cpu as unknown as BenchCpu, with: results.with.cpu as unknown as BenchCpu },
      inProcess,
    };
  } finally {
    await without.stop();
  }
}

/** The figures, and whether the R4 check stays within {@link VALIDATION_COST_LIMIT} of create throughput. */
export function printValidationCost(cost: ValidationCost, clients: number): void {
  printTable(
    'Validation per resource, in-process CPU (best of 3 runs)',
    ['resource', "Bro's rules only µs", 'as Bro validates (R4 for contained of other types) µs', "Bro's rules + R4 for the whole resource µs"],
    cost.inProcess.map((row) => [row.resource, row.own.toFixed(1), row.adopted.toFixed(1), row.whole.toFixed(1)]),
  );
  printTable(`Discharge Task create (contained Medication, narrative), ${clients} concurrent clients (closed loop), two APIs interleaved`, [...LATENCY_HEADER, ...CPU_HEADER], [
    latencyRow("POST /Task, Bro's rules only", cost.without, cpuColumns(cost.cpu.without, cost.without, true)),
    latencyRow('POST /Task, as Bro validates (R4 for contained)', cost.with, cpuColumns(cost.cpu.with, cost.with, true)),
  ]);
  const loss = 1 - cost.with.perSecond / cost.without.perSecond;
  printTable('Targets', ['target', 'measured', 'verdict'], [
    [
      `R4 StructureDefinition validation as adopted costs <= ${VALIDATION_COST_LIMIT * 100}% of create throughput`,
      `${(loss * 100).toFixed(1)}% (${cost.with.perSecond.toFixed(0)}/s vs ${cost.without.perSecond.toFixed(0)}/s)`,
      verdict(loss <= VALIDATION_COST_LIMIT, `${((loss - VALIDATION_COST_LIMIT) * 100).toFixed(1)} points over`),
    ],
  ]);
}

/** `npm run bench -- validation`: the comparison alone, on a small database of its own (made afresh, then removed). */
export async function runValidationBench(options: ValidationCostOptions): Promise<void> {
  const name = 'bro_bench_validation';
  const databaseUrl = await prepareDatabase(name, true);
  await ensureTasks(databaseUrl, 1_000);
  const env: BenchEnvironment = await startBenchEnvironment(databaseUrl, 3910, 4910, name);
  try {
    printValidationCost(await measureValidationCost(env, { ...options, port: 3911, redisPrefix: name }), options.clients);
  } finally {
    await env.stop();
    await dropDatabase(name);
  }
}
