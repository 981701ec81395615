import { InformationMessage, NotificationKind } from '@app/fhir';
import { NotificationDraft } from '../../outbox/notifications.channel';
import { categoryName } from '../task-notifications';
import { InformationMessageFacts } from './information-message-event';

/** The parties of the task asked about, as the handler reads them for its batch. */
export interface AskedTask {
  owner: string | null;
  requester: string | null;
  category: string | null;
}

/**
 * Whom a question or answer tells what: the question goes to the unit that handed the task over, with what
 * the GP asks (no patient identifiers: the coordinator opens the question in Bro to see whose task it is);
 * the answer tells the GP the hospital answered and the task is back in progress (the answer is read in Bro).
 */
export function notificationsForInformationMessage(facts: InformationMessageFacts, task: AskedTask): NotificationDraft[] {
  const what = categoryName(task.category);
  if (facts.message === InformationMessage.Question && task.requester) {
    return [{ recipient: task.requester, kind: NotificationKind.InformationRequested, title: `Fastlegen venter på informasjon – ${what}`, ...(facts.text ? { body: `«${facts.text}»` } : {}), ...(task.owner ? { from: task.owner } : {}) }];
  }
  if (facts.message === InformationMessage.Answer && task.owner) {
    return [{ recipient: task.owner, kind: NotificationKind.InformationAnswered, title: `Sykehuset har svart – ${what}`, body: 'Svaret står i oppgavens historikk, og oppgaven er tilbake i arbeid.', ...(task.requester ? { from: task.requester } : {}) }];
  }
  return [];
}
