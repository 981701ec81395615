import {
  NotificationKind,
  REFERRAL_ANSWERS,
  REJECTION_REASONS,
  ReferralAnswer,
  RejectionReason,
  TRIAGE_OUTCOMES,
  TaskKind,
  TriageOutcome,
  isUnansweredReferralStatus,
} from '@app/fhir';
import { NotificationDraft } from '../outbox/notifications.channel';
import { ReferralChangeFacts } from './referral-event';

/** Who Bro can tell in-app: a GP's PractitionerRole, an office or a unit, a municipal service. */
const REACHABLE = /^(PractitionerRole|Organization|HealthcareService)\//;

/** One event's notifications about one resource (the GP's about the referral, the service's about its case). */
export interface ReferralNotifications {
  /** `Task/<id>`: the referral Task, or for the service the triage Task. */
  resource: string;
  drafts: NotificationDraft[];
}

/** "07.12.2026" from a deadline (YYYY-MM-DD, already an Oslo date). */
export function norwegianDate(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

/** A service's name as the GP reads it, or the generic name when the directory has none. */
function serviceName(service: string | null, names: ReadonlyMap<string, string>): string {
  return (service && names.get(service)) || 'lavterskeltilbudet';
}

function tell(recipient: string | null, kind: NotificationKind, title: string, body?: string): NotificationDraft[] {
  return recipient && REACHABLE.test(recipient) ? [{ recipient, kind, title, ...(body ? { body } : {}) }] : [];
}

function about(resource: string, drafts: NotificationDraft[]): ReferralNotifications[] {
  return drafts.length ? [{ resource, drafts }] : [];
}

/**
 * Who is told what when a referral or its low-threshold case moves: the hospital unit of a new (or
 * withdrawn) referral, the GP of the hospital's answer, of a rejection and where it went, of the case
 * being taken and of its outcome; the service of a new case. No patient identifiers and no free text
 * (a rejection's or an outcome's text may name the patient): the texts give codes' displays, dates
 * and services, and the recipient opens the referral in Bro, where access is checked and audited.
 */
export function notificationsForReferral(change: ReferralChangeFacts, serviceNames: ReadonlyMap<string, string> = new Map()): ReferralNotifications[] {
  const referral = `Task/${change.referralTaskId}`;
  return change.taskKind === TaskKind.ReferralFulfilment ? forReferralTask(change, referral) : forTriageTask(change, referral, serviceNames);
}

function forReferralTask(change: ReferralChangeFacts, referral: string): ReferralNotifications[] {
  const { from, to } = change;
  if (from === null) {
    const deadline = change.deadline ? `Vurderingsfrist ${norwegianDate(change.deadline)}.` : undefined;
    return about(referral, tell(change.hospitalUnit, NotificationKind.ReferralReceived, change.urgent ? 'Ny henvisning – haster' : 'Ny henvisning', deadline));
  }
  if (from === to) return [];
  if (to === 'rejected') {
    const reason = REJECTION_REASONS[change.rejectionReason as RejectionReason]?.display;
    const lines = [reason ? `Årsak: ${reason}.` : undefined];
    if (change.objected) lines.push('Pasienten har reservert seg mot kontakt: henvisningen er ikke sendt til lavterskeltilbudet.');
    else if (!change.service) lines.push('Ingen rutingsregel: henvisningen er ikke sendt videre til et lavterskeltilbud.');
    else lines.push('Henvisningen er sendt videre til lavterskeltilbudet (egen melding).');
    return about(referral, tell(change.referrer, NotificationKind.ReferralRejected, 'Henvisning avslått', lines.filter(Boolean).join(' ')));
  }
  if ((to === 'accepted' || to === 'completed') && isUnansweredReferralStatus(from)) {
    const answer = REFERRAL_ANSWERS[change.answer as ReferralAnswer];
    if (!answer || change.answer === ReferralAnswer.Rejected) return [];
    return about(referral, tell(change.referrer, NotificationKind.ReferralAnswered, `Svar på henvisning – ${answer.display}`));
  }
  if (to === 'cancelled' && isUnansweredReferralStatus(from)) {
    return about(referral, tell(change.hospitalUnit, NotificationKind.ReferralWithdrawn, 'Henvisning trukket tilbake', 'Fastlegen har trukket henvisningen tilbake.'));
  }
  return [];
}

function forTriageTask(change: ReferralChangeFacts, referral: string, serviceNames: ReadonlyMap<string, string>): ReferralNotifications[] {
  const { from, to } = change;
  const triage = change.triageTaskId ? `Task/${change.triageTaskId}` : undefined;
  const deadline = change.deadline ? norwegianDate(change.deadline) : undefined;
  if (from === null) {
    // A case is never routed when the patient objected; should one be, the service hears nothing of it.
    if (change.objected) return [];
    const name = serviceName(change.service, serviceNames);
    return [
      ...about(
        referral,
        tell(change.referrer, NotificationKind.ReferralRouted, `Avslått henvisning sendt til ${name}`, `${capitalised(name)} tar kontakt med pasienten${deadline ? ` innen ${deadline}` : ''}.`),
      ),
      ...(triage
        ? about(triage, tell(change.service, NotificationKind.TriageNewCase, change.urgent ? 'Ny sak i lavterskeltilbudet – haster' : 'Ny sak i lavterskeltilbudet', deadline ? `Frist for vurdering ${deadline}.` : undefined))
        : []),
    ];
  }
  if (from === to) return [];
  if (to === 'in-progress' && from === 'requested') {
    return about(referral, tell(change.referrer, NotificationKind.TriageClaimed, 'Lavterskeltilbudet har tatt saken', 'En medarbeider i lavterskeltilbudet har tatt saken og tar kontakt med pasienten.'));
  }
  if (to === 'completed') {
    const outcome = TRIAGE_OUTCOMES[change.outcome as TriageOutcome]?.display;
    return about(referral, tell(change.referrer, NotificationKind.TriageCompleted, 'Lavterskeltilbudet har avsluttet saken', outcome ? `Utfall: ${outcome}.` : undefined));
  }
  if (to === 'cancelled' && triage) {
    return about(triage, tell(change.service, NotificationKind.ReferralWithdrawn, 'Sak i lavterskeltilbudet avsluttet', 'Henvisningen saken gjaldt, gjelder ikke lenger.'));
  }
  return [];
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
