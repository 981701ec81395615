import { NotificationKind, ReminderKind, Resource } from '@app/fhir';

export type AppointmentReminderKind = `${ReminderKind.ConsultationDayBefore}` | `${ReminderKind.ConsultationHourBefore}`;

export interface PlannedAppointmentReminder {
  kind: AppointmentReminderKind;
  at: Date;
}

const HOUR = 3_600_000;
const AHEAD: Record<AppointmentReminderKind, number> = { [ReminderKind.ConsultationDayBefore]: 24 * HOUR, [ReminderKind.ConsultationHourBefore]: HOUR };

/**
 * A booked consultation reminds its participants a day before and an hour before it starts. Booked
 * less than an hour ahead, the hour's reminder goes at once; a day's reminder whose time has passed
 * is not sent late (the booking itself was news then).
 */
export function plannedAppointmentReminders(status: string | undefined, start: string | undefined, now: Date): PlannedAppointmentReminder[] {
  const startsAt = start ? new Date(start) : undefined;
  if (status !== 'booked' || !startsAt || Number.isNaN(startsAt.getTime()) || startsAt <= now) return [];
  const planned: PlannedAppointmentReminder[] = [];
  const dayBefore = new Date(startsAt.getTime() - AHEAD[ReminderKind.ConsultationDayBefore]);
  if (dayBefore > now) planned.push({ kind: ReminderKind.ConsultationDayBefore, at: dayBefore });
  planned.push({ kind: ReminderKind.ConsultationHourBefore, at: new Date(Math.max(now.getTime(), startsAt.getTime() - AHEAD[ReminderKind.ConsultationHourBefore])) });
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
  return kind === ReminderKind.ConsultationDayBefore
    ? { kind: NotificationKind.ConsultationSoon, title: `Felleskonsultasjon i morgen kl. ${time}`, body: `Felleskonsultasjon ved utskrivning ${date} kl. ${time}.` }
    : { kind: NotificationKind.ConsultationSoon, title: `Felleskonsultasjon snart – kl. ${time}`, body: `Felleskonsultasjon ved utskrivning ${date} kl. ${time}.` };
}
