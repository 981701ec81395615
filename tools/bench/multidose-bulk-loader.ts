/**
 * The multidose benchmark's world, loaded straight into PostgreSQL (50,000 episodes through the API would
 * take longer than the benchmark; Norway has about 100,000 multidose users): patients of the seeded Bergen
 * GPs, each with a multidose `EpisodeOfCare` of their GP at the GP's office — mostly active, some with a
 * change pending and its open update Task (some of those overdue), a few candidates, start-pending, admitted
 * or ended; four in five on e-multidose, the rest on paper; one of six pharmacies. Beside them as many
 * patients of the same GPs with no episode, the comparison's hand-overs' patients. Rows are written as the
 * API writes them (search columns, history, identifier claims, references: {@link insertResourceRows}).
 * Kept between runs (`--fresh` starts over).
 */
import { Pool } from 'pg';
import {
  DISPENSING_PHARMACY_EXTENSION,
  EPISODE_TYPE_SYSTEM,
  IdentifierSystem,
  LAST_COMPLETE_LIST_EXTENSION,
  MULTIDOSE_EPISODE_TYPE,
  MULTIDOSE_MODE_EXTENSION,
  MULTIDOSE_STATES,
  MULTIDOSE_STATE_EXTENSION,
  MultidoseMode,
  MultidoseState,
  Resource,
  TaskKind,
  withTaskKind,
} from '@app/fhir';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { addWorkingDays } from '../../apps/api/src/common/calendar/working-days';
import { PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from '../seed/directory-codes';
import { SeededRandom } from '../seed/seeded-random';
import { handoverPatient } from '../simulator/discharge-handover';
import { NewPatientFactory } from '../simulator/new-patient.factory';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAMES } from '../seed/norwegian-names';
import { log } from './bench-environment';
import { insertResourceRows } from './referral-bulk-loader';

export const BENCH_EPISODES = 50_000;
/** Patients of the same GPs without an episode: the comparison's hand-overs go to them. */
export const BENCH_PLAIN_PATIENTS = 10_000;
export const EPISODE_PREFIX = 'bench-mdepisode-';
export const EPISODE_PATIENT_PREFIX = 'bench-mdpatient-';
export const PLAIN_PATIENT_PREFIX = 'bench-mdplain-';
const UPDATE_TASK_PREFIX = 'bench-mdupdate-';
const BATCH = 2_000;
const DAY = 86_400_000;
const PHARMACIES = [
  { her: '8100001', name: 'Apotek 1 Sentrum' },
  { her: '8100002', name: 'Vitusapotek Åsane' },
  { her: '8100003', name: 'Boots apotek Fyllingsdalen' },
  { her: '8100004', name: 'Apotek 1 Laksevåg' },
  { her: '8100005', name: 'Vitusapotek Fana' },
  { her: '8100006', name: 'Ditt Apotek Loddefjord' },
];

/** The state mix: mostly active; about 6 % with a change pending (an update Task each, a third of them overdue). */
export function benchEpisodeState(n: number): MultidoseState {
  const bucket = (n * 7919) % 100;
  if (bucket < 82) return MultidoseState.Active;
  if (bucket < 88) return MultidoseState.ChangePending;
  if (bucket < 91) return MultidoseState.SuspendedAdmitted;
  if (bucket < 94) return MultidoseState.StartPending;
  if (bucket < 96) return MultidoseState.Candidate;
  return MultidoseState.Ended;
}

export interface MultidoseWorld {
  /** Patients (`Patient/<id>`) with an active episode and their stored Patient, as the hospital would send it again. */
  activePatients: Array<{ reference: string; patient: Resource }>;
  plainPatients: Array<{ reference: string; patient: Resource }>;
  episodes: number;
  pending: number;
}

interface GpRow {
  role: string;
  office: string;
}

async function gpsOf(pool: Pool): Promise<GpRow[]> {
  const { rows } = await pool.query<{ role: string; office: string }>(
    `SELECT 'PractitionerRole/' || id AS role, sp_organization AS office FROM fhir_practitioner_role
      WHERE sp_role && $1::text[] AND sp_organization IS NOT NULL AND resource->>'active' <> 'false' ORDER BY id`,
    [[`sv:${PRACTITIONER_ROLE_CODE_SYSTEM}|${PractitionerRoleCode.Gp}`]],
  );
  if (rows.length === 0) throw new Error('the seeded directory has no GPs');
  return rows;
}

/** Without its Bro-kept meta: the Patient as the hospital would hand it over again (Bro matches it by fødselsnummer). */
function asSent(stored: Resource): Resource {
  const { id: _id, meta: _meta, ...rest } = stored;
  return rest as Resource;
}

function episodeOf(n: number, patient: string, gp: GpRow, random: SeededRandom, now: number): { episode: Resource; task?: Resource } {
  const state = benchEpisodeState(n);
  const started = new Date(now - random.int(30, 8 * 365) * DAY).toISOString();
  const pharmacy = PHARMACIES[n % PHARMACIES.length];
  const mode = random.chance(0.8) ? MultidoseMode.Electronic : MultidoseMode.Paper;
  const id = `${EPISODE_PREFIX}${n}`;
  const episode: Resource = {
    resourceType: 'EpisodeOfCare',
    id,
    status: MULTIDOSE_STATES[state].episodeStatus,
    type: [{ coding: [{ system: EPISODE_TYPE_SYSTEM, code: MULTIDOSE_EPISODE_TYPE }] }],
    patient: { reference: patient },
    careManager: { reference: gp.role },
    managingOrganization: { reference: gp.office },
    period: state === MultidoseState.Ended ? { start: started, end: new Date(now - random.int(1, 29) * DAY).toISOString() } : { start: started },
    extension: [
      { url: MULTIDOSE_STATE_EXTENSION, valueCode: state },
      { url: MULTIDOSE_MODE_EXTENSION, valueCode: mode },
      { url: DISPENSING_PHARMACY_EXTENSION, valueReference: { identifier: { system: IdentifierSystem.Her, value: pharmacy.her }, display: pharmacy.name } },
      ...([MultidoseState.Active, MultidoseState.ChangePending, MultidoseState.SuspendedAdmitted].includes(state)
        ? [{ url: LAST_COMPLETE_LIST_EXTENSION, valueDateTime: new Date(now - random.int(3, 60) * DAY).toISOString() }]
        : []),
    ],
  };
  if (state !== MultidoseState.ChangePending) return { episode };
  // Waiting 0–6 days: due 2 working days after the discharge, so about a third are overdue.
  const dischargedAt = new Date(now - random.int(0, 6) * DAY);
  const task = withTaskKind(
    {
      resourceType: 'Task',
      id: `${UPDATE_TASK_PREFIX}${n}`,
      status: 'requested',
      intent: 'order',
      priority: 'urgent',
      description: 'Send oppdatert legemiddelliste (M25.1) for multidosepasient etter utskrivning',
      for: { reference: patient },
      focus: { reference: `EpisodeOfCare/${id}` },
      owner: { reference: gp.role },
      authoredOn: dischargedAt.toISOString(),
      restriction: { period: { end: addWorkingDays(osloDate(dischargedAt), 2) } },
    },
    TaskKind.MultidoseUpdate,
  );
  return { episode, task };
}

async function loaded(pool: Pool, prefix: string, table: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE id LIKE $1`, [`${prefix}%`]);
  return Number(rows[0].n);
}

async function patientsOf(pool: Pool, sql: string, params: unknown[]): Promise<Array<{ reference: string; patient: Resource }>> {
  const { rows } = await pool.query<{ id: string; resource: Resource }>(sql, params);
  return rows.map((row) => ({ reference: `Patient/${row.id}`, patient: asSent(row.resource) }));
}

/** Loads the world unless it is there; answers the patients the measurements hand over. */
export async function ensureMultidoseWorld(databaseUrl: string, baseUrl: string): Promise<MultidoseWorld> {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  try {
    const episodes = await loaded(pool, EPISODE_PREFIX, 'fhir_episode_of_care');
    const plain = await loaded(pool, PLAIN_PATIENT_PREFIX, 'fhir_patient');
    if (episodes !== BENCH_EPISODES || plain !== BENCH_PLAIN_PATIENTS) {
      if (episodes > 0 || plain > 0) throw new Error('a partly loaded multidose world is in the way: run with --fresh');
      const started = Date.now();
      const now = Date.now();
      const lastUpdated = new Date(now).toISOString();
      const gps = await gpsOf(pool);
      const { rows: numbers } = await pool.query<{ value: string }>(`SELECT value FROM fhir_identifier WHERE resource_type = 'Patient'`);
      const random = new SeededRandom(20_261_206);
      const factory = new NewPatientFactory(random.fork('patients'), numbers.map((row) => row.value));
      // Multidose patients are old: 70–99, as the hospital sends them (Bro matches them by fødselsnummer).
      const names = random.fork('names');
      const oldPatient = (gp: GpRow, id: string): Resource => {
        const birthDate = new Date(now - (names.int(70, 98) * 365.25 + names.int(0, 364)) * DAY).toISOString().slice(0, 10);
        const fodselsnummer = factory.uniqueFodselsnummer(birthDate);
        const male = Number(fodselsnummer[8]) % 2 === 1;
        return {
          ...handoverPatient(fodselsnummer, {
            name: [{ use: 'official', family: names.pick(SURNAMES), given: [names.pick(male ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES)] }],
            gender: male ? 'male' : 'female',
            birthDate,
            generalPractitioner: [{ reference: gp.role }],
          }),
          id,
        };
      };
      for (let from = 0; from < BENCH_EPISODES; from += BATCH) {
        const patients: Resource[] = [];
        const rows: Resource[] = [];
        const tasks: Resource[] = [];
        for (let n = from; n < Math.min(BENCH_EPISODES, from + BATCH); n++) {
          const gp = gps[n % gps.length];
          const patient = oldPatient(gp, `${EPISODE_PATIENT_PREFIX}${n}`);
          patients.push(patient);
          const { episode, task } = episodeOf(n, `Patient/${patient.id}`, gp, random, now);
          rows.push(episode);
          if (task) tasks.push(task);
        }
        await insertResourceRows(pool, patients, baseUrl, lastUpdated);
        await insertResourceRows(pool, rows, baseUrl, lastUpdated);
        await insertResourceRows(pool, tasks, baseUrl, lastUpdated);
        if ((from + BATCH) % 10_000 === 0) log(`  multidose episodes ${(from + BATCH).toLocaleString('en')}/${BENCH_EPISODES.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
      for (let from = 0; from < BENCH_PLAIN_PATIENTS; from += BATCH) {
        const patients: Resource[] = [];
        for (let n = from; n < Math.min(BENCH_PLAIN_PATIENTS, from + BATCH); n++) patients.push(oldPatient(gps[n % gps.length], `${PLAIN_PATIENT_PREFIX}${n}`));
        await insertResourceRows(pool, patients, baseUrl, lastUpdated);
      }
      await pool.query('VACUUM (ANALYZE) fhir_patient, fhir_episode_of_care, fhir_task, fhir_identifier, fhir_reference, fhir_history');
      log(`multidose: loaded ${BENCH_EPISODES.toLocaleString('en')} episodes of ${gps.length} GPs and ${BENCH_PLAIN_PATIENTS.toLocaleString('en')} patients without one in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    // This run's multidose patients: those whose episode is active now (earlier runs' hand-overs left theirs change-pending).
    const activePatients = await patientsOf(
      pool,
      `SELECT p.id, p.resource FROM fhir_episode_of_care e JOIN fhir_patient p ON 'Patient/' || p.id = e.sp_patient
        WHERE e.id LIKE $1 AND e.sp_multidose_state = 'active' ORDER BY e.last_updated, e.id`,
      [`${EPISODE_PREFIX}%`],
    );
    const plainPatients = await patientsOf(pool, `SELECT id, resource FROM fhir_patient WHERE id LIKE $1 ORDER BY last_updated, id`, [`${PLAIN_PATIENT_PREFIX}%`]);
    const { rows } = await pool.query<{ n: string; pending: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE sp_multidose_state = 'change-pending') AS pending FROM fhir_episode_of_care WHERE sp_type @> ARRAY['sv:${EPISODE_TYPE_SYSTEM}|${MULTIDOSE_EPISODE_TYPE}']`,
    );
    return { activePatients, plainPatients, episodes: Number(rows[0].n), pending: Number(rows[0].pending) };
  } finally {
    await pool.end();
  }
}
