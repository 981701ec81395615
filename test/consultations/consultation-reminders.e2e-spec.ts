import Client from 'fhir-kit-client';
import { ReminderScheduler } from '../../apps/api/src/notifications/reminder.scheduler';
import { Ledgers, openLedgers } from '../support/settled';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { consultationNow, coordinatorUpdates, gpAccepts, optionIn, proposeConsultation } from './proposed-consultation';

jest.setTimeout(60_000);

describe('joint consultation reminders', () => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ehr: Client;
  let ledgers: Ledgers;
  let scheduler: ReminderScheduler;

  /** The reminders owed for a consultation: kind, the start they were planned for, and when they go. */
  async function owed(appointmentId: string): Promise<Array<[string, string, string]>> {
    const { rows } = await ledgers.pool.query<{ kind: string; start: string; due_at: Date }>(
      `SELECT job->>'kind' AS kind, job->>'start' AS start, due_at FROM owed_reminder WHERE subject = $1 ORDER BY due_at`,
      [`Appointment/${appointmentId}`],
    );
    return rows.map((row) => [row.kind, new Date(row.start).toISOString(), new Date(row.due_at).toISOString()]);
  }

  const before = (start: string, hours: number) => new Date(new Date(start).getTime() - hours * 3_600_000).toISOString();

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    worker = await startTestWorker();
    scheduler = worker.app.get(ReminderScheduler);
    ledgers = openLedgers(api.config);
  });
  afterAll(async () => {
    await ledgers.close();
    await worker.close();
    await api.close();
  });

  it('plans a day and an hour ahead once booked, plans again when it is rebooked at another time, and takes them back when it is cancelled', async () => {
    const first = optionIn(72);
    let since = await ledgers.mark();
    const appointment = await proposeConsultation(api, ehr, [first]);
    await ledgers.allSettled({ since });
    // Proposed: nothing to remind of yet.
    expect(await owed(appointment.id!)).toEqual([]);

    since = await ledgers.mark();
    await gpAccepts(api, appointment, first);
    await ledgers.allSettled({ since });
    expect(await owed(appointment.id!)).toEqual([
      ['consultation-24h', first.start, before(first.start, 24)],
      ['consultation-1h', first.start, before(first.start, 1)],
    ]);
    expect(await scheduler.pendingForAppointment(appointment.id!)).toEqual(['consultation-24h', 'consultation-1h']);

    // Rebooked: new times proposed, so the booked time's reminders go until the answers agree again.
    const second = optionIn(120);
    since = await ledgers.mark();
    await coordinatorUpdates(api, await consultationNow(api, appointment), { status: 'proposed', requestedPeriod: [second] });
    await ledgers.allSettled({ since });
    expect(await owed(appointment.id!)).toEqual([]);
    expect(await scheduler.pendingForAppointment(appointment.id!)).toEqual([]);

    since = await ledgers.mark();
    await gpAccepts(api, appointment, second);
    await ledgers.allSettled({ since });
    const rebooked = await consultationNow(api, appointment);
    expect([rebooked.status, new Date(rebooked.start as string).toISOString()]).toEqual(['booked', second.start]);
    expect(await owed(appointment.id!)).toEqual([
      ['consultation-24h', second.start, before(second.start, 24)],
      ['consultation-1h', second.start, before(second.start, 1)],
    ]);

    since = await ledgers.mark();
    await coordinatorUpdates(api, await consultationNow(api, appointment), { status: 'cancelled', cancelationReason: { coding: [{ system: 'urn:bro:consultation-cancellation-reason', code: 'INGEN-FELLES-TID' }] } });
    await ledgers.allSettled({ since });
    expect(await owed(appointment.id!)).toEqual([]);
    expect(await scheduler.pendingForAppointment(appointment.id!)).toEqual([]);
  });
});
