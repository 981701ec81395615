import { CONSULTATION_ROLES, ConsultationRole, NotificationKind } from '@app/fhir';
import { NotificationDraft } from '../outbox/notifications.channel';
import { ConsultationAnswerFacts, ConsultationChangeFacts, ConsultationParticipantFact } from './consultation-event';

/** Participants Bro can tell in-app: a doctor's or GP's PractitionerRole, an office or unit, a municipal service. Patients are not Bro users. */
const REACHABLE = /^(PractitionerRole|Organization|HealthcareService)\//;

function recipients(participants: ConsultationParticipantFact[], include: (participant: ConsultationParticipantFact) => boolean): string[] {
  return [...new Set(participants.filter((participant) => REACHABLE.test(participant.actor) && include(participant)).map((participant) => participant.actor))];
}

/** "24.03.2026 kl. 14:00", in Bergen whatever the server's zone. */
export function inBergen(instant: string): string {
  const parts = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}.${part('month')}.${part('year')} kl. ${part('hour')}:${part('minute')}`;
}

function optionsText(options: Array<{ start: string }>): string {
  if (options.length === 0) return 'Svar i Bro.';
  return `Foreslåtte tidspunkt: ${options.map((option) => inBergen(option.start)).join(', ')}. Svar i Bro.`;
}

function roleName(role: string | null | undefined): string {
  return CONSULTATION_ROLES[role as ConsultationRole]?.display ?? 'En deltaker';
}

/**
 * Who is told what when a joint consultation changes: asked (or asked again), booked, moved or no longer
 * booked, called off. No patient identifiers: the text names the consultation and its times, the
 * participant opens it in Bro (where access is checked and audited) to see whose it is.
 */
export function notificationsForConsultation(change: ConsultationChangeFacts): NotificationDraft[] {
  const { from, to, participants } = change;
  const notDeclined = recipients(participants, (participant) => participant.status !== 'declined');
  const tell = (to: string[], kind: NotificationKind, title: string, body?: string) => to.map((recipient): NotificationDraft => ({ recipient, kind, title, ...(body ? { body } : {}) }));

  if (to === 'cancelled' && from !== 'cancelled') {
    const reason = change.cancellationReason;
    const why = reason ? `Årsak: ${reason.display}${reason.text ? ` – ${reason.text}` : ''}.` : undefined;
    return tell(recipients(participants, () => true), NotificationKind.ConsultationCancelled, 'Felleskonsultasjon avlyst', why);
  }
  if (to === 'proposed' && change.optionsProposed) {
    // A rebooking asks again: for those who had a time, the consultation has changed.
    return from === 'booked' || from === 'arrived'
      ? tell(notDeclined, NotificationKind.ConsultationChanged, 'Felleskonsultasjon flyttes – nye tidspunkt', optionsText(change.options))
      : tell(notDeclined, NotificationKind.ConsultationInvitation, from === null ? 'Invitasjon til felleskonsultasjon' : 'Nye tidspunkt for felleskonsultasjon', optionsText(change.options));
  }
  if (to === 'booked' && from !== 'booked' && from !== 'arrived' && change.start) {
    return tell(notDeclined, NotificationKind.ConsultationBooked, `Felleskonsultasjon avtalt ${inBergen(change.start)}`, 'Alle påkrevde deltakere har godtatt tidspunktet.');
  }
  if (to === 'booked' && from === 'booked' && change.start && ((change.previousStart && change.previousStart !== change.start) || change.placeChanged)) {
    return tell(notDeclined, NotificationKind.ConsultationChanged, `Felleskonsultasjon endret – ${inBergen(change.start)}`, change.placeChanged ? 'Se nytt sted eller ny videolenke i Bro.' : undefined);
  }
  if (to === 'pending' && (from === 'booked' || from === 'arrived')) {
    return tell(notDeclined, NotificationKind.ConsultationChanged, 'Felleskonsultasjon ikke lenger avtalt', 'En deltaker trakk svaret sitt. Tidspunktet er ikke lenger avtalt.');
  }
  return [];
}

const ANSWERED: Record<string, string> = { accepted: 'har godtatt', declined: 'har avslått', tentative: 'foreslår et annet tidspunkt' };

/** The planning unit hears each answer (a decline's reason stays in Bro: it is free text). */
export function notificationsForAnswer(answer: ConsultationAnswerFacts): NotificationDraft[] {
  const what = ANSWERED[answer.participantStatus];
  if (!what || !answer.coordinator) return [];
  const otherTime = answer.participantStatus === 'tentative' && answer.start ? ` Foreslått: ${inBergen(answer.start)}.` : '';
  return [{ recipient: answer.coordinator, kind: NotificationKind.ConsultationAnswered, title: `Svar på felleskonsultasjon – ${roleName(answer.role)} ${what}`, ...(otherTime ? { body: otherTime.trim() } : {}) }];
}
