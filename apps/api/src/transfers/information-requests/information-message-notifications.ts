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
 * Whom a question or answer tells what: the question goes to the unit that handed the task over, the answer
 * tells the GP the hospital answered and the task is back in progress. Neither carries the words: a GP may
 * name the patient in them, and a notification is stored per recipient and pushed over the socket. The bell
 * shows the question to whoever may read it (NotificationSubjects); the answer is read in the task's history.
 */
export function notificationsForInformationMessage(facts: InformationMessageFacts, task: AskedTask): NotificationDraft[] {
  const what = categoryName(task.category);
  if (facts.message === InformationMessage.Question && task.requester) {
    return [{ recipient: task.requester, kind: NotificationKind.InformationRequested, title: `Fastlegen venter på informasjon – ${what}`, body: 'Les spørsmålet og svar i Bro.', ...(task.owner ? { from: task.owner } : {}) }];
  }
  if (facts.message === InformationMessage.Answer && task.owner) {
    return [{ recipient: task.owner, kind: NotificationKind.InformationAnswered, title: `Sykehuset har svart – ${what}`, body: 'Svaret står i oppgavens historikk, og oppgaven er tilbake i arbeid.', ...(task.requester ? { from: task.requester } : {}) }];
  }
  return [];
}
