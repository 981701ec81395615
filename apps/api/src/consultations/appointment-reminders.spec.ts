import { appointmentReminderRecipients, appointmentReminderText, plannedAppointmentReminders } from './appointment-reminders';

describe('joint consultation reminders', () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('plans a booked consultation a day and an hour before it starts', () => {
    expect(plannedAppointmentReminders('booked', '2026-11-25T13:30:00Z', now)).toEqual([
      { kind: 'consultation-24h', at: new Date('2026-11-24T13:30:00Z') },
      { kind: 'consultation-1h', at: new Date('2026-11-25T12:30:00Z') },
    ]);
  });

  it('does not send the day-before reminder late, and sends the hour reminder at once when booked less than an hour ahead', () => {
    expect(plannedAppointmentReminders('booked', '2026-11-23T20:00:00Z', now)).toEqual([{ kind: 'consultation-1h', at: new Date('2026-11-23T19:00:00Z') }]);
    expect(plannedAppointmentReminders('booked', '2026-11-23T10:40:00Z', now)).toEqual([{ kind: 'consultation-1h', at: now }]);
  });

  it('plans nothing for a consultation that is not booked, has no start, or has begun', () => {
    expect(plannedAppointmentReminders('proposed', '2026-11-25T13:30:00Z', now)).toEqual([]);
    expect(plannedAppointmentReminders('cancelled', '2026-11-25T13:30:00Z', now)).toEqual([]);
    expect(plannedAppointmentReminders('booked', undefined, now)).toEqual([]);
    expect(plannedAppointmentReminders('booked', '2026-11-23T09:59:00Z', now)).toEqual([]);
  });

  it('reminds the participants Bro can reach, not the patient nor those who declined', () => {
    const appointment = {
      resourceType: 'Appointment',
      participant: [
        { actor: { reference: 'PractitionerRole/gp' }, status: 'accepted' },
        { actor: { reference: 'PractitionerRole/doctor' }, status: 'needs-action' },
        { actor: { reference: 'HealthcareService/home-nursing' }, status: 'declined' },
        { actor: { reference: 'Patient/p1' }, status: 'accepted' },
        { actor: { reference: 'PractitionerRole/gp' }, status: 'accepted' },
      ],
    };
    expect(appointmentReminderRecipients(appointment)).toEqual(['PractitionerRole/gp', 'PractitionerRole/doctor']);
  });

  it('says the time in Bergen, in winter and in summer', () => {
    expect(appointmentReminderText('consultation-24h', '2026-11-25T13:30:00Z')).toMatchObject({ title: 'Felleskonsultasjon i morgen kl. 14:30', body: 'Felleskonsultasjon ved utskrivning 25.11.2026 kl. 14:30.' });
    expect(appointmentReminderText('consultation-1h', '2026-06-10T08:00:00Z')).toMatchObject({ title: 'Felleskonsultasjon snart – kl. 10:00' });
  });
});
