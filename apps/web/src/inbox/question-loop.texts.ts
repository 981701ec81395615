import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/** The words of "Be om informasjon" end to end: the coordinator's questions list and the task history's lines. */
const nb = {
  title: 'Spørsmål fra fastlege',
  lead: 'Fastleger som trenger mer informasjon for å gjøre en overført oppgave. Svaret går til fastlegen, og oppgaven går tilbake i arbeid.',
  empty: 'Ingen ubesvarte spørsmål fra fastleger. Når en fastlege ber om informasjon om en av avdelingens oppgaver, står spørsmålet her.',
  askedBy: (who: string, when: string) => `Spurt av ${who}, ${when}`,
  askedAt: (when: string) => `Spurt ${when}`,
  answer: 'Svar',
  answerLabel: 'Svar til fastlegen',
  send: 'Send svar',
  sent: 'Svaret er sendt. Oppgaven er tilbake hos fastlegen.',
  waiting: 'Fastlegen venter på svar',
  notWaiting: 'Oppgaven er ikke lenger på vent',
  showHistory: 'Vis historikk',
  hideHistory: 'Skjul historikk',
  answeredTitle: 'Nylig besvart',
  answeredEmpty: 'Ingen spørsmål besvart de siste 30 dagene.',
  answeredBy: (who: string, when: string) => `Besvart av ${who}, ${when}`,
  // Lines of a task's history.
  question: 'Spørsmål til sykehuset',
  reply: 'Svar fra sykehuset',
  by: (who: string) => `fra ${who}`,
  history: 'Historikk',
  waitingForHospital: 'Venter på svar fra sykehuset',
};

type QuestionLoopTexts = typeof nb;

const en: QuestionLoopTexts = {
  title: 'Questions from GPs',
  lead: 'GPs who need more information to do a transferred task. The answer goes to the GP, and the task goes back in progress.',
  empty: "No unanswered questions from GPs. When a GP asks for information about one of the unit's tasks, the question shows here.",
  askedBy: (who: string, when: string) => `Asked by ${who}, ${when}`,
  askedAt: (when: string) => `Asked ${when}`,
  answer: 'Answer',
  answerLabel: 'Answer to the GP',
  send: 'Send answer',
  sent: 'The answer has been sent. The task is back with the GP.',
  waiting: 'The GP is waiting for an answer',
  notWaiting: 'The task is no longer on hold',
  showHistory: 'Show history',
  hideHistory: 'Hide history',
  answeredTitle: 'Recently answered',
  answeredEmpty: 'No questions answered in the last 30 days.',
  answeredBy: (who: string, when: string) => `Answered by ${who}, ${when}`,
  question: 'Question to the hospital',
  reply: 'Answer from the hospital',
  by: (who: string) => `from ${who}`,
  history: 'History',
  waitingForHospital: 'Waiting for the hospital to answer',
};

const TEXTS: Record<Language, QuestionLoopTexts> = { nb, en };

export function useQuestionLoopTexts(): { qt: QuestionLoopTexts; language: Language } {
  const { language } = useLanguage();
  return { qt: TEXTS[language], language };
}
