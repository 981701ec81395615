import { MultidoseState, NotificationKind, OPEN_MULTIDOSE_UPDATE_STATUSES } from '@app/fhir';
import { NotificationDraft } from '../outbox/notifications.channel';
import { MultidoseChangeFacts } from './episode/multidose-event';
import { MultidoseUpdateFacts } from './episode/multidose-update-event';

/** Who Bro can tell in-app: the responsible doctor's PractitionerRole, or their office. */
const REACHABLE = /^(PractitionerRole|Organization)\//;

/** One event's notifications about one resource (the update Task, or the episode). */
export interface MultidoseNotifications {
  /** `Task/<id>` or `EpisodeOfCare/<id>`. */
  resource: string;
  drafts: NotificationDraft[];
}

/** "07.12.2026" from a date (YYYY-MM-DD, already an Oslo date). */
export function norwegianDate(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

function tell(recipient: string | null, kind: NotificationKind, title: string, body: string): NotificationDraft[] {
  return recipient && REACHABLE.test(recipient) ? [{ recipient, kind, title, body }] : [];
}

function about(resource: string, drafts: NotificationDraft[]): MultidoseNotifications[] {
  return drafts.length ? [{ resource, drafts }] : [];
}

/** The responsible doctor as the episode names them, or else their office. */
function doctorOf(change: MultidoseChangeFacts): string | null {
  return change.careManager && REACHABLE.test(change.careManager) ? change.careManager : change.organization;
}

/**
 * The update Task: when a discharge creates it, its owner (the responsible doctor, or their office) is told a
 * change is pending and by when the updated list is due. Its later moves (completed by the list, cancelled at
 * a deregistration) tell no one: the doctor did them, or the reminders stop.
 */
export function notificationsForUpdate(update: MultidoseUpdateFacts): MultidoseNotifications[] {
  if (update.from !== null || !OPEN_MULTIDOSE_UPDATE_STATUSES.includes(update.to)) return [];
  const due = update.due ? ` innen ${norwegianDate(update.due)}` : '';
  return about(
    `Task/${update.taskId}`,
    tell(
      update.owner,
      NotificationKind.MultidoseChangePending,
      'Multidose: endret medisinering etter utskrivning',
      `Pasienten er utskrevet med endringer i legemidlene. Send oppdatert legemiddelliste (M25.1)${due}, så apoteket pakker etter den nye listen.`,
    ),
  );
}

/**
 * The episode: the pharmacy's change request (M25.2, the episode made change-pending) and the old-list
 * deviation (a dispensing report after the due date still packed the old list) tell the responsible doctor.
 * An admission suspending the episode tells no person: the pharmacy hears of it through its Subscription on
 * the episode. A discharge's change is told through its update Task (above), not here, so the doctor is told
 * once. No patient identifiers: the doctor opens the episode in Bro, where access is checked and audited.
 */
export function notificationsForEpisode(change: MultidoseChangeFacts): MultidoseNotifications[] {
  const episode = `EpisodeOfCare/${change.episodeId}`;
  const drafts: NotificationDraft[] = [];
  if (change.cause === 'M25.2' && change.to === MultidoseState.ChangePending && change.from !== change.to) {
    drafts.push(
      ...tell(
        doctorOf(change),
        NotificationKind.MultidoseChangeRequested,
        'Multidose: apoteket ber om endring',
        'Apoteket har sendt en forespørsel om endring (M25.2) for en multidosepasient. Vurder endringen og send oppdatert legemiddelliste (M25.1).',
      ),
    );
  }
  if (change.oldListFlagged) {
    drafts.push(
      ...tell(
        doctorOf(change),
        NotificationKind.MultidoseOldList,
        'Multidose: apoteket pakker fortsatt gammel liste',
        'En utleveringsrapport (M25.3) etter fristen viser at apoteket pakket etter en eldre legemiddelliste. Send oppdatert legemiddelliste (M25.1) og kontakt apoteket.',
      ),
    );
  }
  return about(episode, drafts);
}
