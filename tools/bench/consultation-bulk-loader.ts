/**
 * The consultations benchmark's world, loaded straight into PostgreSQL (through the API it would take
 * longer than the benchmark): 300 GPs and 60 hospital doctors with a weekly Schedule and its Slots over
 * twelve weeks, and 20,000 joint consultations of the last and the coming weeks, those booked with their
 * `consultation_booking` rows. Rows are shaped as the API stores them: search columns from the same
 * declarations the API extracts with. Kept between runs (`--fresh` starts over).
 */
import { Pool } from 'pg';
import { Resource } from '@app/fhir';
import { searchColumnsDdl } from '../../apps/api/src/fhir/store/fhir-schema.ddl';
import { searchParameterRegistry, tableNameOf } from '../../apps/api/src/fhir/search/search-parameter.registry';
import { extractSearchValues } from '../../apps/api/src/fhir/search/search-value.extractor';
import { instantOfWallTime, wallTimeOf } from '../../apps/api/src/consultations/availability/wall-time';
import { log } from './bench-environment';

export const BENCH_CONSULTATION_GPS = 300;
export const BENCH_HOSPITAL_DOCTORS = 60;
export const BENCH_CONSULTATIONS = 20_000;
export const BENCH_WEEKS = 12;
const GP_OFFICES = 60;
const CHUNK = 500;
const DAY = 86_400_000;
const SERVICE_TYPE = [{ coding: [{ system: 'urn:bro:consultation-service-type', code: 'joint-discharge-consultation' }] }];

export interface ConsultationWorld {
  unit: string;
  doctors: string[];
  gps: string[];
  /** The Monday (Bergen) the twelve weeks of Slots start on. */
  firstMonday: Date;
}

/** A GP's weekly consultation time: one weekday (Monday + n % 5), 12:00–15:00 in Bergen. Doctors: every weekday 09:00–16:00. */
export function gpWeekday(gp: number): number {
  return gp % 5;
}

function osloInstant(day: Date, hour: number): Date {
  const wall = wallTimeOf(day, 'Europe/Oslo');
  return instantOfWallTime({ year: wall.year, month: wall.month, day: wall.day, hour, minute: 0 }, 'Europe/Oslo');
}

/** This week's Monday, noon UTC (a day's date in Bergen whatever the offset). */
export function thisMonday(now = new Date()): Date {
  const wall = wallTimeOf(now, 'Europe/Oslo');
  const noon = Date.UTC(wall.year, wall.month - 1, wall.day, 12);
  const weekday = (new Date(noon).getUTCDay() + 6) % 7;
  return new Date(noon - weekday * DAY);
}

function insertSql(pool: Pool, resources: Resource[], baseUrl: string, lastUpdated: string) {
  const byType = new Map<string, Resource[]>();
  for (const resource of resources) byType.set(resource.resourceType, [...(byType.get(resource.resourceType) ?? []), resource]);
  return Promise.all(
    [...byType].map(async ([resourceType, rows]) => {
      const columns = searchParameterRegistry.columnsOf(resourceType).flatMap((c) => searchColumnsDdl(tableNameOf(resourceType), c));
      for (let from = 0; from < rows.length; from += CHUNK) {
        const values: unknown[] = [];
        const bind = (value: unknown, cast: string) => `$${values.push(value)}::${cast}`;
        const tuples = rows.slice(from, from + CHUNK).map((resource) => {
          const extracted = new Map(extractSearchValues(resource, baseUrl).map((e) => [e.column, e.value]));
          const stored = { ...resource, meta: { versionId: '1', lastUpdated } };
          return `(${[bind(resource.id, 'text'), '1', bind(lastUpdated, 'timestamptz'), bind(JSON.stringify(stored), 'jsonb'), ...columns.map((c) => bind(extracted.get(c.column) ?? null, c.sqlType))].join(', ')})`;
        });
        await pool.query(
          `INSERT INTO "${tableNameOf(resourceType)}" (id, version_id, last_updated, resource${columns.map((c) => `, "${c.column}"`).join('')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`,
          values,
        );
      }
    }),
  );
}

const role = (kind: 'gp' | 'doc', n: number) => `PractitionerRole/bench-c${kind}-${n}`;

/** Loads the world unless a complete one is there; answers what the measurements need of it. */
export async function ensureConsultationWorld(databaseUrl: string, baseUrl: string, unit: string, now = new Date()): Promise<ConsultationWorld> {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const firstMonday = thisMonday(now);
  const world: ConsultationWorld = {
    unit,
    doctors: Array.from({ length: BENCH_HOSPITAL_DOCTORS }, (_, n) => role('doc', n)),
    gps: Array.from({ length: BENCH_CONSULTATION_GPS }, (_, n) => role('gp', n)),
    firstMonday,
  };
  try {
    const { rows } = await pool.query<{ n: string; first: Date | null }>(
      `SELECT count(*) AS n, min(sp_start_start) AS first FROM fhir_slot WHERE id LIKE 'bench-cslot-%'`,
    );
    const { rows: appointments } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM fhir_appointment WHERE id LIKE 'bench-consult-%'`);
    const slotsExpected = (BENCH_CONSULTATION_GPS + BENCH_HOSPITAL_DOCTORS * 5) * BENCH_WEEKS;
    if (Number(rows[0].n) === slotsExpected && Number(appointments[0].n) === BENCH_CONSULTATIONS && rows[0].first) {
      // Reused: the weeks are those it was loaded for.
      world.firstMonday = thisMonday(rows[0].first);
      log(`consultations: reusing ${appointments[0].n} consultations and ${rows[0].n} Slots from ${world.firstMonday.toISOString().slice(0, 10)}`);
      return world;
    }
    if (Number(rows[0].n) > 0 || Number(appointments[0].n) > 0) throw new Error('a partly loaded consultations world is in the way: run with --fresh');
    const started = Date.now();
    const lastUpdated = new Date().toISOString();
    const directory: Resource[] = [];
    for (let o = 0; o < GP_OFFICES; o++) directory.push({ resourceType: 'Organization', id: `bench-coffice-${o}`, active: true, name: `Benk legekontor ${o}`, type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] }] });
    const people = [
      ...world.gps.map((reference, n) => ({ reference, practitioner: `bench-cgp-prac-${n}`, organization: `Organization/bench-coffice-${n % GP_OFFICES}`, code: 'gp' })),
      ...world.doctors.map((reference, n) => ({ reference, practitioner: `bench-cdoc-prac-${n}`, organization: unit, code: 'hospital-doctor' })),
    ];
    for (const person of people) {
      directory.push({ resourceType: 'Practitioner', id: person.practitioner, active: true, name: [{ family: 'Benk', given: [person.practitioner] }] });
      directory.push({
        resourceType: 'PractitionerRole',
        id: person.reference.split('/')[1],
        active: true,
        practitioner: { reference: `Practitioner/${person.practitioner}` },
        organization: { reference: person.organization },
        code: [{ coding: [{ system: 'urn:bro:practitioner-role', code: person.code }] }],
      });
    }
    await insertSql(pool, directory, baseUrl, lastUpdated);

    const schedules: Resource[] = [];
    const slots: Resource[] = [];
    const horizonEnd = new Date(firstMonday.getTime() + BENCH_WEEKS * 7 * DAY).toISOString().slice(0, 10);
    const weekly = (reference: string, id: string, days: number[], from: number, to: number) => {
      schedules.push({
        resourceType: 'Schedule',
        id,
        active: true,
        actor: [{ reference }],
        serviceType: SERVICE_TYPE,
        planningHorizon: { start: firstMonday.toISOString(), end: `${horizonEnd}T00:00:00Z` },
      });
      for (let week = 0; week < BENCH_WEEKS; week++) {
        for (const weekday of days) {
          const day = new Date(firstMonday.getTime() + (week * 7 + weekday) * DAY);
          const start = osloInstant(day, from).toISOString();
          const end = osloInstant(day, to).toISOString();
          slots.push({ resourceType: 'Slot', id: `bench-cslot-${id}-${week}-${weekday}`, schedule: { reference: `Schedule/${id}` }, status: 'free', start, end });
        }
      }
    };
    world.gps.forEach((reference, n) => weekly(reference, `bench-csched-gp-${n}`, [gpWeekday(n)], 12, 15));
    world.doctors.forEach((reference, n) => weekly(reference, `bench-csched-doc-${n}`, [0, 1, 2, 3, 4], 9, 16));
    await insertSql(pool, [...schedules, ...slots], baseUrl, lastUpdated);

    // 20,000 consultations: two thirds in the twelve weeks before this one (held, cancelled), a third in the
    // coming weeks (booked in a GP's slot, with its bookings; or proposed). Each a patient of its own.
    const consultations: Resource[] = [];
    const bookings: Array<[string, string, string, string]> = [];
    const taken = new Set<string>();
    for (let i = 0; i < BENCH_CONSULTATIONS; i++) {
      const gp = i % BENCH_CONSULTATION_GPS;
      const doctor = (i * 7) % BENCH_HOSPITAL_DOCTORS;
      const past = i % 3 !== 0;
      const week = past ? -1 - (i % BENCH_WEEKS) : 1 + (i % (BENCH_WEEKS - 1));
      const day = new Date(firstMonday.getTime() + (week * 7 + gpWeekday(gp)) * DAY);
      // Six half hours of the GP's three: the same GP's later consultations take the next free one.
      let half = 0;
      while (taken.has(`${gp}/${week}/${half}`) || taken.has(`d${doctor}/${week}/${gpWeekday(gp)}/${half}`)) half++;
      const booked = !past && half < 6 && i % 2 === 1;
      const start = new Date(osloInstant(day, 12).getTime() + half * 30 * 60_000).toISOString();
      const end = new Date(new Date(start).getTime() + 30 * 60_000).toISOString();
      const status = past ? (i % 5 === 0 ? 'cancelled' : 'fulfilled') : booked ? 'booked' : 'proposed';
      if (status === 'booked' || status === 'fulfilled') {
        taken.add(`${gp}/${week}/${half}`);
        taken.add(`d${doctor}/${week}/${gpWeekday(gp)}/${half}`);
      }
      const id = `bench-consult-${i}`;
      consultations.push({
        resourceType: 'Appointment',
        id,
        status,
        serviceType: SERVICE_TYPE,
        extension: [{ url: 'urn:bro:extension:planning-unit', valueReference: { reference: unit } }],
        ...(status === 'proposed' ? {} : { start, end, minutesDuration: 30 }),
        requestedPeriod: [{ start, end }],
        ...(status === 'cancelled' ? { cancelationReason: { coding: [{ system: 'urn:bro:consultation-cancellation-reason', code: 'INGEN-FELLES-TID' }] } } : {}),
        participant: [
          { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'hospital-doctor' }] }], actor: { reference: world.doctors[doctor] }, required: 'required', status: 'accepted' },
          { type: [{ coding: [{ system: 'urn:bro:consultation-role', code: 'gp' }] }], actor: { reference: world.gps[gp] }, required: 'required', status: status === 'proposed' ? 'needs-action' : 'accepted' },
        ],
      });
      if (status === 'booked') {
        for (const [reference, practitioner] of [
          [world.doctors[doctor], `Practitioner/bench-cdoc-prac-${doctor}`],
          [world.gps[gp], `Practitioner/bench-cgp-prac-${gp}`],
        ]) {
          bookings.push([reference, id, start, end], [practitioner, id, start, end]);
        }
      }
    }
    await insertSql(pool, consultations, baseUrl, lastUpdated);
    for (let from = 0; from < bookings.length; from += 5_000) {
      const chunk = bookings.slice(from, from + 5_000);
      await pool.query(
        `INSERT INTO consultation_booking (practitioner, appointment_id, during)
         SELECT p, a, tstzrange(s, e, '[)') FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS b(p, a, s, e)`,
        [chunk.map((b) => b[0]), chunk.map((b) => b[1]), chunk.map((b) => b[2]), chunk.map((b) => b[3])],
      );
    }
    await pool.query(`SELECT refresh_consultation_load(ARRAY(SELECT id FROM fhir_appointment WHERE id LIKE 'bench-consult-%'))`);
    await pool.query('ANALYZE');
    log(`consultations: loaded ${directory.length} directory resources, ${schedules.length} Schedules, ${slots.length} Slots, ${consultations.length} consultations (${bookings.length} booking rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return world;
  } finally {
    await pool.end();
  }
}
