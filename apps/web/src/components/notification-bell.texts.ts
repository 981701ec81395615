import { NotificationKind } from '@app/fhir/notifications/queue-names';
import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/** Many alike from one sender, as one line: "12 nye oppgaver fra Haukeland". */
type GroupLine = (count: number, from: string) => string;

const nb = {
  group: {
    [NotificationKind.NewTask]: (n: number, from: string) => `${n} nye oppgaver fra ${from}`,
    [NotificationKind.UrgentTask]: (n: number, from: string) => `${n} nye hasteoppgaver fra ${from}`,
    [NotificationKind.TaskContested]: (n: number, from: string) => `${n} oppgaver bestridt av ${from}`,
    [NotificationKind.TaskCancelled]: (n: number, from: string) => `${n} oppgaver avbrutt av ${from}`,
  } as Partial<Record<string, GroupLine>>,
  groupOther: (n: number, from: string) => `${n} varsler fra ${from}`,
  unknownSender: 'ukjent avsender',
  latest: 'Siste',
  explanation: 'Forklaring',
  question: 'Spørsmål',
  open: (title: string, patient?: string) => (patient ? `Åpne: ${title}, ${patient}` : `Åpne: ${title}`),
};

export type NotificationBellTexts = typeof nb;

const en: NotificationBellTexts = {
  group: {
    [NotificationKind.NewTask]: (n: number, from: string) => `${n} new tasks from ${from}`,
    [NotificationKind.UrgentTask]: (n: number, from: string) => `${n} new urgent tasks from ${from}`,
    [NotificationKind.TaskContested]: (n: number, from: string) => `${n} tasks contested by ${from}`,
    [NotificationKind.TaskCancelled]: (n: number, from: string) => `${n} tasks cancelled by ${from}`,
  },
  groupOther: (n: number, from: string) => `${n} notifications from ${from}`,
  unknownSender: 'unknown sender',
  latest: 'Latest',
  explanation: 'Explanation',
  question: 'Question',
  open: (title: string, patient?: string) => (patient ? `Open: ${title}, ${patient}` : `Open: ${title}`),
};

const TEXTS: Record<Language, NotificationBellTexts> = { nb, en };

export function useNotificationBellTexts(): NotificationBellTexts {
  const { language } = useLanguage();
  return TEXTS[language];
}
