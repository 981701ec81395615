import Client from 'fhir-kit-client';
import { NotificationKind } from '@app/fhir';
import { bell, told } from '../support/notification-ledger';
import { Ledgers, openLedgers } from '../support/settled';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit, testDirectory } from '../support/test-directory';
import { startTestWorker } from '../support/test-worker';
import { gpRole } from '../support/transfers';
import { consultationNow, coordinatorUpdates, gpAccepts, optionIn, proposeConsultation } from './proposed-consultation';

jest.setTimeout(60_000);

describe('joint consultation notifications', () => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ehr: Client;
  let ledgers: Ledgers;

  /** What a user's bell says about a consultation, and every recipient and kind stored for it, in order. */
  const bellAbout = (user: string, appointmentId: string) => bell(api, user, `Appointment/${appointmentId}`);
  const toldAbout = (appointmentId: string) => told(ledgers, `Appointment/${appointmentId}`);

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    worker = await startTestWorker();
    ledgers = openLedgers(api.config);
  });
  afterAll(async () => {
    await ledgers.close();
    await worker.close();
    await api.close();
  });

  it('invite the GP, tell the planning unit of the answer, everyone of the booking and the cancellation with its reason', async () => {
    const option = optionIn(72);
    let since = await ledgers.mark();
    const appointment = await proposeConsultation(api, ehr, [option]);
    await ledgers.allSettled({ since });
    const [invitation] = await bellAbout('gp2', appointment.id!);
    expect(invitation).toEqual(expect.objectContaining({ kind: NotificationKind.ConsultationInvitation, title: 'Invitasjon til felleskonsultasjon' }));
    expect(invitation.body).toMatch(/^Foreslåtte tidspunkt: \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d\. Svar i Bro\.$/);

    since = await ledgers.mark();
    await gpAccepts(api, appointment, option);
    await ledgers.allSettled({ since });
    const booked = await consultationNow(api, appointment);
    expect(booked.status).toBe('booked');
    expect((await bellAbout('gp2', appointment.id!)).map((entry) => entry.kind)).toEqual([NotificationKind.ConsultationInvitation, NotificationKind.ConsultationBooked]);

    since = await ledgers.mark();
    await coordinatorUpdates(api, booked, { status: 'cancelled', cancelationReason: { coding: [{ system: 'urn:bro:consultation-cancellation-reason', code: 'IKKE-BEHOV' }] } });
    await ledgers.allSettled({ since });
    const cancelled = (await bellAbout('gp2', appointment.id!)).at(-1)!;
    expect(cancelled).toEqual(expect.objectContaining({ kind: NotificationKind.ConsultationCancelled, title: 'Felleskonsultasjon avlyst', body: 'Årsak: Ikke lenger behov.' }));

    // The answer and the booking it made are one write: their notifications come in either order.
    const doctor = testDirectory().demoPractitionerRoles.coordinator;
    expect((await toldAbout(appointment.id!)).sort()).toEqual(
      [
        `consultation-invitation → ${doctor}`,
        `consultation-invitation → ${gpRole('gp2')}`,
        `consultation-answered → ${demoUnit()}`,
        `consultation-booked → ${doctor}`,
        `consultation-booked → ${gpRole('gp2')}`,
        `consultation-cancelled → ${doctor}`,
        `consultation-cancelled → ${gpRole('gp2')}`,
      ].sort(),
    );
    // No text names the patient.
    const { rows } = await ledgers.pool.query<{ text: string }>(`SELECT title || ' ' || coalesce(body, '') AS text FROM notification WHERE resource = $1`, [`Appointment/${appointment.id}`]);
    for (const { text } of rows) expect(text).not.toMatch(/\d{11}|Patient\//);
  });
});
