import { NotificationKind } from '@app/fhir';

/** One in-app notification to store: whom it tells what. No patient identifiers in the text. */
export interface NotificationDraft {
  recipient: string;
  kind: NotificationKind;
  title: string;
  body?: string;
}
