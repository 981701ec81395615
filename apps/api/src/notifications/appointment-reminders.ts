import { NotificationKind, Resource } from '@app/fhir';

export type AppointmentReminderKind = 'consultation-24h' | 'consultation-1h';

export interface PlannedAppointmentReminder {
  kind: AppointmentReminderKind;
  at: Date;
}

const HOUR = 3_600_000;
const AHEAD: Record<AppointmentReminderKind, number> = { 'consultation-24h': 24 * HOUR, 'consultation-1h': HOUR };

/**
 * A booked consultation reminds its participants a day before and an hour before it starts. Booked
 * less than an hour ahead, the hour's reminder goes at once; a day's reminder whose time has passed
 * is not sent late (the booking itself was news then).
 */
export function plannedAppointmentReminders(status: string | undefined, start: string | undefined, now: Date): PlannedAppointmentReminder[] {
  const startsAt = start ? new Date(start) : undefined;
  if (status !== 'booked' || !startsAt || Number.isNaN(startsAt.getTime()) || startsAt <= now) return [];
  const planned: PlannedAppointmentReminder[] = [];
  const dayBefore = new Date(startsAt.getTime() - AHEAD['consultation-24h']);
  if (dayBefore > now) planned.push({ kind: 'consultation-24h', at: dayBefore });
  planned.push({ kind: 'consultation-1h', at: new Date(Math.max(now.getTime(), startsAt.getTime() - AHEAD['consultation-1h'])) });
  return planned;
}

/**
 * Who is reminded: the participants Bro can notify in-app (GPs' and doctors' PractitionerRoles, GP
 * offices, hospital units, home nursing services) who have not declined. Patients are not Bro users.
 */
export function appointmentReminderRecipients(appointment: Resource): string[] {
  const participants = (appointment.participant as Array<{ actor?: { reference?: string }; status?: string }> | undefined) ?? [];
  const recipients = participants
    .filter((participant) => participant.status !== 'declined')
    .map((participant) => participant.actor?.reference)
    .filter((reference): reference is string => !!reference && /^(PractitionerRole|Organization|HealthcareService)\//.test(reference));
  return [...new Set(recipients)];
}

/** The time in Bergen, as the reminder says it ("25.11.2026 kl. 14:30"). */
function inBergen(instant: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('day')}.${part('month')}.${part('year')}`, time: `${part('hour')}:${part('minute')}` };
}

/** No patient identifiers: the participant opens the appointment in Bro to see whose it is. */
export function appointmentReminderText(kind: AppointmentReminderKind, start: string): { kind: NotificationKind; title: string; body: string } {
  const { date, time } = inBergen(start);
  return kind === 'consultation-24h'
    ? { kind: NotificationKind.ConsultationSoon, title: `Felleskonsultasjon i morgen kl. ${time}`, body: `Felleskonsultasjon ved utskrivning ${date} kl. ${time}.` }
    : { kind: NotificationKind.ConsultationSoon, title: `Felleskonsultasjon snart – kl. ${time}`, body: `Felleskonsultasjon ved utskrivning ${date} kl. ${time}.` };
}
