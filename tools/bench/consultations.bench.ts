/**
 * `npm run bench -- consultations`: joint consultations among 300 GPs and 60 hospital doctors with weekly
 * Slots over twelve weeks and 20,000 consultations already there. `Appointment/$find` for three
 * participants at a constant arrival rate (target p99 < 100 ms); 50 coordinators booking at the same time
 * (together 20 bookings a second by default, each one propose + the GP's accepting answer, open loop)
 * (target p99 < 150 ms, and not one practitioner in two overlapping booked consultations, checked in SQL
 * afterwards), against the same conflict check as raw SQL (two rows into `consultation_booking`),
 * interleaved in the same run.
 */
import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Bundle, Resource } from '@app/fhir';
import { seedDirectory } from '../seed/seed';
import { SeededRandom } from '../seed/seeded-random';
import { asTransaction, dischargeHandoverEntries } from '../simulator/discharge-handover';
import { NewPatientFactory } from '../simulator/new-patient.factory';
import { fetchDemoToken } from '../identity-provider/demo-token';
import { BenchEnvironment, clearRedisPrefix, log, prepareDatabase, startBenchEnvironment } from './bench-environment';
import { CPU_HEADER, LATENCY_HEADER, cpuColumns, latencyRow, verdict } from './bench-report';
import { BENCH_WEEKS, ConsultationWorld, ensureConsultationWorld, gpWeekday } from './consultation-bulk-loader';
import { send } from './http-client';
import { LatencySummary, merge, summarise } from './latency-stats';
import { RunResult, openLoop } from './load-generator';
import { BenchCpu, CpuMeter, benchCpuMeter } from './process-cpu';
import { printTable } from './table';

export interface ConsultationsBenchOptions {
  findRate: number;
  findSeconds: number;
  /** Seconds per round of each contender; two rounds of 30 s give Bro 60 s of booking. */
  seconds: number;
  rounds: number;
  coordinators: number;
  /** Bookings per second the coordinators start together, at a constant rate (open loop). */
  rate: number;
  fresh: boolean;
}

const DATABASE = 'bro_bench_consultations';
const API_PORT = 3960;
const IDP_PORT = 4960;
const REDIS_PREFIX = 'bro_bench_consultations';
const FIND_P99_TARGET_MS = 100;
const BOOKING_P99_TARGET_MS = 150;
const DAY = 86_400_000;
const HALF_HOUR = 30 * 60_000;
const SERVICE_TYPE = [{ coding: [{ system: 'urn:bro:consultation-service-type', code: 'joint-discharge-consultation' }] }];

/** The demo users who answer as GPs: the only GP identities the development sign-in has. */
const ANSWERING_GPS = ['gp', 'gp2'] as const;

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];

/** Whether the API offers `Appointment/$find` (it lists its operations in the CapabilityStatement). */
async function offersFind(env: BenchEnvironment, token: string): Promise<boolean> {
  const metadata = await send(`${env.fhirBaseUrl}/metadata`, 'GET', { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' });
  if (metadata.status !== 200) return false;
  const statement = JSON.parse(metadata.body) as { rest?: Array<{ resource?: Array<{ type: string; operation?: Array<{ name: string }> }> }> };
  return (statement.rest?.[0]?.resource ?? []).some((resource) => resource.type === 'Appointment' && (resource.operation ?? []).some((operation) => operation.name === 'find'));
}

/** `$find` for a hospital doctor and two GPs who share a weekday, over the coming four weeks. */
async function measureFind(env: BenchEnvironment, world: ConsultationWorld, token: string, options: ConsultationsBenchOptions) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' };
  let empty = 0;
  const find = async () => {
    const first = Math.floor(Math.random() * (world.gps.length - 5));
    const participants = [pick(world.doctors), world.gps[first], world.gps[first + 5]];
    if (gpWeekday(first) !== gpWeekday(first + 5)) throw new Error('the two GPs share no weekday');
    const start = new Date(Date.now() + DAY).toISOString();
    const end = new Date(Date.now() + 28 * DAY).toISOString();
    const pairs: Array<[string, string]> = [['start', start], ['end', end], ['minutes-duration', '30'], ['_count', '5'], ...participants.map((p): [string, string] => ['practitioner', p])];
    const query = new URLSearchParams(pairs);
    const answer = await send(`${env.fhirBaseUrl}/Appointment/$find?${query}`, 'GET', headers);
    if (answer.status !== 200) throw new Error(`$find answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const bundle = JSON.parse(answer.body) as Bundle;
    if (!(bundle.entry ?? []).some((entry) => entry.resource?.resourceType === 'Appointment')) empty++;
  };
  for (let i = 0; i < 20; i++) await find(); // warm-up
  empty = 0;
  const run = await openLoop(find, options.findRate, options.findSeconds * 1000);
  return { summary: summarise(run.samples, run.errors, run.seconds), empty, firstError: run.firstError };
}

interface BookingCounts {
  booked: number;
  conflicts: number;
}

/**
 * A 30-minute start on a weekday of eleven weeks from `from` (a Monday), 08:00–15:30 UTC: few enough that
 * bookings collide.
 */
function candidateTime(from: Date): { start: string; end: string } {
  const day = new Date(from.getTime() + (Math.floor(Math.random() * (BENCH_WEEKS - 1)) * 7 + Math.floor(Math.random() * 5)) * DAY);
  const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8) + Math.floor(Math.random() * 16) * HALF_HOUR;
  return { start: new Date(start).toISOString(), end: new Date(start + HALF_HOUR).toISOString() };
}

/**
 * Where this run's bookings go: the loaded consultations' weeks, or, when earlier runs booked there, the
 * Monday after the last of them, so every run books into calendars as empty as the first run's (the
 * database is kept between runs). The baseline's rows of earlier runs are removed.
 */
async function bookingWeeks(databaseUrl: string, world: ConsultationWorld): Promise<Date> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(`DELETE FROM consultation_booking WHERE appointment_id LIKE 'bench-raw-%'`);
    const { rows } = await pool.query<{ last: Date | null }>(`SELECT max(upper(during)) AS last FROM consultation_booking WHERE appointment_id NOT LIKE 'bench-consult-%'`);
    const first = new Date(world.firstMonday.getTime() + 7 * DAY);
    if (!rows[0].last || rows[0].last < first) return first;
    const weeks = Math.ceil((rows[0].last.getTime() - world.firstMonday.getTime()) / (7 * DAY));
    return new Date(world.firstMonday.getTime() + weeks * 7 * DAY);
  } finally {
    await pool.end();
  }
}

/**
 * Each coordinator proposes a consultation of a hospital doctor, one of the answering GPs and their own
 * patient at one time, and the GP accepts it: the answer is the booking (Bro books when every required
 * participant accepted), so its latency is the one measured. A 409 (the doctor or the GP booked then
 * meanwhile) is a refused booking, not an error.
 */
async function bookingContenders(env: BenchEnvironment, world: ConsultationWorld, from: Date, tokens: { coordinator: string; gps: Record<string, string> }, gpRoles: Record<string, string>, patients: string[]) {
  const bro: BookingCounts = { booked: 0, conflicts: 0 };
  const raw: BookingCounts = { booked: 0, conflicts: 0 };
  const pool = new Pool({ connectionString: env.databaseUrl, max: 50 });
  const json = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' });
  const answerLatencies: number[] = [];
  const broBooking = async (i: number) => {
    const gpUser = ANSWERING_GPS[i % ANSWERING_GPS.length];
    const time = candidateTime(from);
    const proposed = await send(
      `${env.fhirBaseUrl}/Appointment`,
      'POST',
      json(tokens.coordinator),
      JSON.stringify({
        resourceType: 'Appointment',
        status: 'proposed',
        serviceType: SERVICE_TYPE,
        minutesDuration: 30,
        requestedPeriod: [time],
        participant: [
          { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'hospital-doctor' }] }], actor: { reference: pick(world.doctors) }, required: 'required', status: 'accepted' },
          { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'gp' }] }], actor: { reference: gpRoles[gpUser] }, required: 'required', status: 'needs-action' },
          { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'patient' }] }], actor: { reference: patients[i % patients.length] }, required: 'information-only', status: 'accepted' },
        ],
      }),
    );
    if (proposed.status !== 201) throw new Error(`proposing answered ${proposed.status}: ${proposed.body.slice(0, 300)}`);
    const appointment = JSON.parse(proposed.body) as Resource;
    // The booking is the answer: Bro books when the last required participant accepts. Timed on its own.
    const began = performance.now();
    const answered = await send(
      `${env.fhirBaseUrl}/AppointmentResponse`,
      'POST',
      json(tokens.gps[gpUser]),
      JSON.stringify({ resourceType: 'AppointmentResponse', appointment: { reference: `Appointment/${appointment.id}` }, actor: { reference: gpRoles[gpUser] }, participantStatus: 'accepted', ...time }),
    );
    answerLatencies.push(performance.now() - began);
    if (answered.status === 201) bro.booked++;
    else if (answered.status === 409) bro.conflicts++;
    else throw new Error(`the GP's answer answered ${answered.status}: ${answered.body.slice(0, 300)}`);
  };
  // The baseline: the same check, PostgreSQL's exclusion constraint on the same table, as two raw rows
  // (the doctor and the GP) in one transaction, on practitioners of its own so the two never collide.
  const rawBooking = async (i: number) => {
    const time = candidateTime(from);
    const id = `bench-raw-${randomUUID()}`;
    try {
      await pool.query(
        `INSERT INTO consultation_booking (practitioner, appointment_id, during)
         VALUES ($1, $3, tstzrange($4::timestamptz, $5::timestamptz, '[)')), ($2, $3, tstzrange($4::timestamptz, $5::timestamptz, '[)'))`,
        [`bench-raw-doctor-${Math.floor(Math.random() * world.doctors.length)}`, `bench-raw-gp-${i % ANSWERING_GPS.length}`, id, time.start, time.end],
      );
      raw.booked++;
    } catch (error) {
      if ((error as { code?: string }).code === '23P01') raw.conflicts++;
      else throw error;
    }
  };
  return { bro, raw, pool, answerLatencies, broBooking, rawBooking };
}

/** Practitioners in two overlapping booked consultations: by the Appointments themselves, not the table that prevents it. */
async function doubleBookings(databaseUrl: string): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ n: string }>(
      `WITH held AS (
         SELECT a.id, p->'actor'->>'reference' AS practitioner, tstzrange((a.resource->>'start')::timestamptz, (a.resource->>'end')::timestamptz, '[)') AS during
           FROM fhir_appointment a CROSS JOIN LATERAL jsonb_array_elements(a.resource->'participant') p
          WHERE a.sp_status IN ('booked', 'arrived') AND p->>'status' <> 'declined' AND p->'actor'->>'reference' LIKE 'PractitionerRole/%')
       SELECT count(*) AS n FROM held x JOIN held y ON x.practitioner = y.practitioner AND x.id < y.id AND x.during && y.during`,
    );
    return Number(rows[0].n);
  } finally {
    await pool.end();
  }
}

/**
 * Patients the coordinator's unit has discharged (so the coordinator may name them), made once through
 * the API as Haukeland's EHR hands them over: half registered with each answering GP, in turn, so the
 * i-th booking's patient is a patient of the i-th booking's GP.
 */
async function dischargedPatients(env: BenchEnvironment, unit: string, gpRoles: Record<string, string>, count: number): Promise<string[]> {
  const pool = new Pool({ connectionString: env.databaseUrl, max: 1 });
  try {
    const ofGp = async (gp: string) =>
      (
        await pool.query<{ patient: string }>(
          `SELECT DISTINCT l.patient FROM task_load l JOIN fhir_patient p ON 'Patient/' || p.id = l.patient
            WHERE l.hospital_unit = $1 AND p.resource->'generalPractitioner'->0->>'reference' = $2 ORDER BY l.patient LIMIT $3`,
          [unit, gp, count / 2],
        )
      ).rows.map((row) => row.patient);
    const headers = { Authorization: `Bearer ${env.token}`, 'Content-Type': 'application/fhir+json' };
    const { rows: numbers } = await pool.query<{ value: string }>(`SELECT value FROM fhir_identifier WHERE resource_type = 'Patient'`);
    const factory = new NewPatientFactory(new SeededRandom(Date.now() >>> 0), numbers.map((row) => row.value));
    for (const gpUser of ANSWERING_GPS) {
      for (let missing = count / 2 - (await ofGp(gpRoles[gpUser])).length; missing > 0; missing--) {
        const now = new Date();
        const content = dischargeHandoverEntries({
          patient: factory.patient({ generalPractitioner: [{ reference: gpRoles[gpUser] }] }, now),
          requester: unit,
          admittedAt: new Date(now.getTime() - 3 * DAY).toISOString(),
          dischargedAt: now.toISOString(),
          tasks: [{ category: 'KONTROLL' }],
        });
        const answer = await send(env.fhirBaseUrl, 'POST', headers, JSON.stringify(asTransaction(content)));
        if (answer.status !== 200) throw new Error(`a hand-over for the booking patients answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      }
    }
    const [first, second] = await Promise.all(ANSWERING_GPS.map((gpUser) => ofGp(gpRoles[gpUser])));
    return first.flatMap((patient, i) => [patient, second[i]]);
  } finally {
    await pool.end();
  }
}

/**
 * Baseline, Bro, baseline, Bro, each at the same constant arrival rate (open loop: a slow answer does not
 * hold the next booking back, so queueing shows in the latency instead of hiding in a lower rate).
 */
async function interleavedOpenLoop(
  contenders: Array<{ name: string; operation: (i: number) => Promise<void> }>,
  options: { rounds: number; rate: number; durationMs: number; cpu: CpuMeter },
): Promise<Record<string, { summary: LatencySummary; cpu: Record<string, number>; firstError?: string }>> {
  const runs = new Map<string, RunResult[]>(contenders.map((c) => [c.name, []]));
  const cpu = new Map<string, Array<Record<string, number>>>(contenders.map((c) => [c.name, []]));
  let sequence = 0;
  for (let round = 1; round <= options.rounds; round++) {
    for (const contender of contenders) {
      options.cpu.start();
      const run = await openLoop((i) => contender.operation(sequence + i), options.rate, options.durationMs);
      sequence += run.samples.length + run.errors;
      cpu.get(contender.name)!.push(options.cpu.stop());
      runs.get(contender.name)!.push(run);
      log(`round ${round}: ${contender.name}: ${run.samples.length} in ${run.seconds.toFixed(1)} s${run.errors ? `, ${run.errors} errors (first: ${run.firstError})` : ''}`);
    }
  }
  return Object.fromEntries(
    contenders.map((contender) => {
      const samples = cpu.get(contender.name)!;
      const groups = Object.keys(samples[0] ?? {});
      return [
        contender.name,
        {
          summary: merge(runs.get(contender.name)!),
          cpu: Object.fromEntries(groups.map((group) => [group, samples.reduce((n, sample) => n + sample[group], 0) / samples.length])),
          firstError: runs.get(contender.name)!.find((run) => run.firstError)?.firstError,
        },
      ];
    }),
  );
}

export async function runConsultationsBench(options: ConsultationsBenchOptions): Promise<boolean> {
  const databaseUrl = await prepareDatabase(DATABASE, options.fresh);
  await clearRedisPrefix(REDIS_PREFIX);
  const env = await startBenchEnvironment(databaseUrl, API_PORT, IDP_PORT, REDIS_PREFIX);
  try {
    const seeded = await seedDirectory({ fhirBaseUrl: env.fhirBaseUrl, token: env.token, onProgress: () => undefined });
    const unit = seeded.references.demoOrganizations.haukelandMedisinsk;
    const gpRoles = { gp: seeded.references.demoPractitionerRoles.gp, gp2: seeded.references.demoPractitionerRoles.gp2 };
    if (!unit || !gpRoles.gp || !gpRoles.gp2) throw new Error('the seeded directory lacks the demo unit or the demo GPs');
    const world = await ensureConsultationWorld(databaseUrl, env.fhirBaseUrl, unit);
    const coordinator = await fetchDemoToken(env.issuer, 'coordinator');
    if (!(await offersFind(env, coordinator))) {
      throw new Error('needs $find: Appointment/$find is not in the CapabilityStatement of this build (the operation comes with the consultations API)');
    }

    log(`$find: ${options.findRate}/s for ${options.findSeconds} s (load average ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
    const find = await measureFind(env, world, coordinator, options);
    if (find.firstError) log(`  first $find error: ${find.firstError}`);

    const patients = await dischargedPatients(env, unit, gpRoles, 2 * Math.ceil(options.coordinators / 2));
    const tokens = { coordinator, gps: { gp: await fetchDemoToken(env.issuer, 'gp'), gp2: await fetchDemoToken(env.issuer, 'gp2') } as Record<string, string> };
    const from = await bookingWeeks(databaseUrl, world);
    const booking = await bookingContenders(env, world, from, tokens, gpRoles, patients);
    log(`booking: ${options.coordinators} coordinators, ${options.rate} bookings/s together, ${options.rounds} rounds of ${options.seconds} s per contender, interleaved, into the 11 weeks from ${from.toISOString().slice(0, 10)} (load average ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
    const results = await interleavedOpenLoop(
      [
        { name: 'raw SQL', operation: booking.rawBooking },
        { name: 'Bro', operation: booking.broBooking },
      ],
      { rounds: options.rounds, rate: options.rate, durationMs: options.seconds * 1000, cpu: benchCpuMeter(env.apiPid, env.databaseUrl) },
    );
    await booking.pool.end();
    const loadAfter = loadavg();
    const doubles = await doubleBookings(databaseUrl);

    // Bro's rounds time propose + answer; the booking itself is the answer.
    const broRound = results.Bro.summary;
    const answers = summarise(booking.answerLatencies, 0, broRound.seconds);
    const baseline = results['raw SQL'].summary;
    printTable(
      `Joint consultations, ${new Date().toISOString().slice(0, 16)}Z: 300 GPs + 60 hospital doctors, weekly Slots over 12 weeks, 20,000 consultations; load average after ${loadAfter.map((n) => n.toFixed(2)).join(' ')} (2 cores, shared)`,
      [...LATENCY_HEADER, ...CPU_HEADER, 'target'],
      [
        [...latencyRow('$find, 3 participants (open loop)', find.summary), '-', '-', '-', '-', '-', '-', verdict(find.summary.p99 < FIND_P99_TARGET_MS && find.summary.errors === 0, `p99 ${find.summary.p99.toFixed(0)} ms ≥ ${FIND_P99_TARGET_MS}`)],
        [...latencyRow('raw SQL: 2 rows into consultation_booking (open loop)', baseline), ...cpuColumns(results['raw SQL'].cpu as unknown as BenchCpu, baseline, false), '-'],
        [...latencyRow('Bro: propose + the GP accepts (open loop)', broRound), ...cpuColumns(results.Bro.cpu as unknown as BenchCpu, broRound, true), '-'],
        [...latencyRow('Bro: the GP accepts (the booking)', answers), '-', '-', '-', '-', '-', '-', verdict(answers.p99 < BOOKING_P99_TARGET_MS, `p99 ${answers.p99.toFixed(0)} ms ≥ ${BOOKING_P99_TARGET_MS}`)],
      ],
    );
    printTable('Bookings', ['contender', 'booked', 'refused (409 / 23P01)', 'double bookings (SQL)', 'booking p99 ms', 'p99 ÷ raw SQL p99', 'target'], [
      ['raw SQL', booking.raw.booked, booking.raw.conflicts, '-', baseline.p99, 1, '-'],
      ['Bro', booking.bro.booked, booking.bro.conflicts, doubles, answers.p99, answers.p99 / Math.max(baseline.p99, 0.001), verdict(doubles === 0, `${doubles} double bookings`)],
    ]);
    log(`$find answers without an option: ${find.empty} of ${find.summary.count}`);
    return doubles === 0 && find.summary.errors === 0;
  } finally {
    await env.stop();
  }
}
