import { NotificationKind } from '@app/fhir';
import { NotificationDraft } from '../../outbox/notifications.channel';
import { RevolvingDoorFacts } from './revolving-door-event';

/** One event's notifications about one Flag. */
export interface RevolvingDoorNotifications {
  /** `Flag/<id>`. */
  resource: string;
  drafts: NotificationDraft[];
}

export const REVOLVING_DOOR_PROMPT = {
  title: 'Svingdørspasient: vurder felles konsultasjon',
  body:
    'En pasient på 67 år eller mer er lagt inn akutt igjen 8 timer til 30 dager etter forrige utskrivning. ' +
    'Vurder å foreslå en felles konsultasjon med fastlegen før pasienten skrives ut. Pasienten er merket i overføringslisten.',
} as const;

/**
 * A raised Flag prompts the readmitting unit (its coordinators) to propose a joint consultation. A lowered one
 * tells no one: the mark leaves the lists by itself. No patient identifiers: the coordinator opens the
 * hand-over in Bro, where access is checked and audited.
 */
export function notificationsForRevolvingDoor(facts: RevolvingDoorFacts): RevolvingDoorNotifications[] {
  return facts.raised
    .filter((raised) => raised.unit?.startsWith('Organization/'))
    .map((raised) => ({
      resource: raised.flag,
      drafts: [{ recipient: raised.unit!, kind: NotificationKind.RevolvingDoor, title: REVOLVING_DOOR_PROMPT.title, body: REVOLVING_DOOR_PROMPT.body }],
    }));
}
