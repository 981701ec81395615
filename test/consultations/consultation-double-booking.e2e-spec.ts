import Client from 'fhir-kit-client';
import { Pool } from 'pg';
import { Resource } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { gpRole } from '../support/transfers';
import { answer, consultation, diagnostics, discharge, propose, stored, timeOptions } from './consultation-fixtures';

jest.setTimeout(120_000);

/**
 * Twenty consultations propose the same GP at the same time and the GP accepts all twenty at once:
 * PostgreSQL's exclusion constraint lets exactly one be booked; the others answer 409 naming it, and
 * nothing of them is written.
 */
describe('no double booking under concurrency', () => {
  let api: TestApi;
  let ehr: Client;
  let pool: Pool;

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await api?.close();
  });

  it('books exactly one of 20 concurrent acceptances of the same practitioner and time', async () => {
    const option = timeOptions(470)();
    const stay = await discharge(ehr);
    const consultations: Resource[] = [];
    for (let i = 0; i < 20; i += 1) consultations.push(await propose(api, consultation(stay, [option])));

    const answers = await Promise.all(consultations.map((appointment) => answer(api, 'gp', appointment, gpRole('gp'), 'accepted', option)));

    const won = answers.map((answered, index) => ({ answered, appointment: consultations[index] })).filter(({ answered }) => answered.status === 201);
    expect(won).toHaveLength(1);
    const winner = won[0].appointment;
    const refused = answers.filter((answered) => answered.status !== 201);
    expect(refused.map((answered) => answered.status)).toEqual(Array(19).fill(409));
    for (const answered of refused) expect(diagnostics(answered.body)).toMatch(new RegExp(`already booked in Appointment/${winner.id} from ${option.start.replace('.', '\\.')}`));

    const statuses = await Promise.all(consultations.map(async (appointment) => (await stored(api, appointment)).status));
    expect(statuses.filter((status) => status === 'booked')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'proposed')).toHaveLength(19);
    const { rows } = await pool.query<{ appointment_id: string }>(
      `SELECT DISTINCT appointment_id FROM consultation_booking WHERE appointment_id = ANY($1::text[])`,
      [consultations.map((appointment) => appointment.id)],
    );
    expect(rows.map((row) => row.appointment_id)).toEqual([winner.id]);
    const { rows: kept } = await pool.query<{ count: string }>(`SELECT count(*) FROM fhir_appointment_response WHERE sp_appointment = ANY($1::text[])`, [
      consultations.map((appointment) => `Appointment/${appointment.id}`),
    ]);
    expect(Number(kept[0].count)).toBe(1);
  });
});
