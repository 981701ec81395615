import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';
import type { TaskAction } from './task-actions';

/** What the inbox says when the list holds still, when an action waits for a confirmation, and whose task an action was on. */
const nb = {
  pendingNew: (n: number) => (n === 1 ? '1 ny – vis' : `${n} nye – vis`),
  pendingChanged: 'Listen er endret – vis',
  pendingHint: 'Listen står stille mens du jobber. Nye oppgaver og endret rekkefølge vises når du velger det.',
  /** After the action, naming whose task it was (never in logs or notifications: the screen only). */
  done: {
    accept: (patient: string) => `Oppgaven for ${patient} er akseptert.`,
    start: (patient: string) => `Oppgaven for ${patient} er startet.`,
    resume: (patient: string) => `Oppgaven for ${patient} er gjenopptatt.`,
    complete: (patient: string) => `Oppgaven for ${patient} er fullført.`,
    hold: (patient: string) => `Oppgaven for ${patient} er satt på vent.`,
    contest: (patient: string) => `Oppgaven for ${patient} er sendt tilbake til sykehuset.`,
    forward: (patient: string) => `Oppgaven for ${patient} er videresendt.`,
    'request-information': (patient: string) => `Spørsmålet om oppgaven for ${patient} er sendt, og oppgaven er satt på vent.`,
    cancel: (patient: string) => `Oppgaven for ${patient} er avbrutt.`,
  } as Record<TaskAction, (patient: string) => string>,
  failed: (action: string, patient: string, problem: string) => `${action} for ${patient}: ${problem}`,
  confirmComplete: (category: string, patient: string) => `Fullføre oppgaven «${category}» for ${patient}? Den kan ikke åpnes igjen.`,
  confirmCompleteLabel: 'Ja, fullfør',
  confirmCompleteButton: (category: string, patient: string) => `Ja, fullfør: ${category}, ${patient}`,
  confirmCancel: (category: string, patient: string) => `Avbryte oppgaven «${category}» for ${patient}? Sykehuset får beskjed, og den kan ikke åpnes igjen.`,
  confirmCancelButton: 'Ja, avbryt oppgaven',
  keep: 'Nei, behold',
  cancelNewHint: (contest: string) => `Oppgaven er ikke akseptert ennå. Å avbryte den gir den tilbake til sykehuset, som «${contest}» gjør: velg årsak.`,
};

export type InboxSafetyTexts = typeof nb;

const en: InboxSafetyTexts = {
  pendingNew: (n: number) => `${n} new – show`,
  pendingChanged: 'The list has changed – show',
  pendingHint: 'The list holds still while you work. New tasks and a new order appear when you choose.',
  done: {
    accept: (patient: string) => `The task for ${patient} is accepted.`,
    start: (patient: string) => `The task for ${patient} is started.`,
    resume: (patient: string) => `The task for ${patient} is resumed.`,
    complete: (patient: string) => `The task for ${patient} is completed.`,
    hold: (patient: string) => `The task for ${patient} is on hold.`,
    contest: (patient: string) => `The task for ${patient} is sent back to the hospital.`,
    forward: (patient: string) => `The task for ${patient} is forwarded.`,
    'request-information': (patient: string) => `The question about the task for ${patient} is sent, and the task is on hold.`,
    cancel: (patient: string) => `The task for ${patient} is cancelled.`,
  },
  failed: (action: string, patient: string, problem: string) => `${action} for ${patient}: ${problem}`,
  confirmComplete: (category: string, patient: string) => `Complete the task "${category}" for ${patient}? It cannot be reopened.`,
  confirmCompleteLabel: 'Yes, complete',
  confirmCompleteButton: (category: string, patient: string) => `Yes, complete: ${category}, ${patient}`,
  confirmCancel: (category: string, patient: string) => `Cancel the task "${category}" for ${patient}? The hospital is told, and it cannot be reopened.`,
  confirmCancelButton: 'Yes, cancel the task',
  keep: 'No, keep it',
  cancelNewHint: (contest: string) => `The task is not accepted yet. Cancelling it gives it back to the hospital, as "${contest}" does: choose a reason.`,
};

const TEXTS: Record<Language, InboxSafetyTexts> = { nb, en };

export function useInboxSafetyTexts(): InboxSafetyTexts {
  const { language } = useLanguage();
  return TEXTS[language];
}
