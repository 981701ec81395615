import { NotificationKind } from '@app/fhir';
import { OwedChannel, OwedEffect } from './owed-by-batch';

/** One in-app notification to store: whom it tells what. No patient identifiers in the text. */
export interface NotificationDraft {
  recipient: string;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** Who it comes from (a hospital unit, a GP's PractitionerRole): a directory reference, never a patient; the bell groups many alike by it. */
  from?: string;
}

/** What one outbox event tells whom. */
export interface EventDrafts {
  outboxId: string;
  /** The resource the notifications are about, as a reference (`Task/123`). */
  resource?: string;
  drafts: NotificationDraft[];
}

/** A batch's in-app notifications, from every handler that tells people something. */
export interface OwedNotificationDrafts extends OwedEffect {
  /** Stored once per event, recipient and kind, however often the event is matched; then pushed live. */
  add(event: EventDrafts): void;
}

/**
 * In-app and live notifications, as outbox handlers see them: `owed.of(NotificationsChannel).add(…)`.
 * The notifications module provides it; handlers bring the recipients and the texts.
 */
export abstract class NotificationsChannel implements OwedChannel<OwedNotificationDrafts> {
  abstract open(): OwedNotificationDrafts;
}
