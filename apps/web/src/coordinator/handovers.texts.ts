import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/** The coordinator's words for the unassigned queue, the hand-over list's search and columns, and one hand-over opened. */
const nb = {
  unassignedTitle: 'Uten fastlege',
  unassignedLead:
    'Oppgaver til pasienter uten registrert fastlege. De ligger hos enheten som sendte dem til dere har funnet pasientens fastlege: velg fastlegen, så går oppgaven til fastlegens innboks.',
  unassignedEmpty: 'Ingen oppgaver venter på fastlege.',
  assignGp: 'Tildel fastlege',
  assignGpFor: (what: string, patient: string) => `Tildel fastlege: ${what}, ${patient}`,
  assigned: 'Oppgaven er sendt til fastlegen.',
  sentAt: (when: string) => `Opprettet ${when}`,
  due: (date: string) => `Frist ${date}`,
  openHandover: 'Åpne overføringen',

  searchLabel: 'Finn pasient',
  searchPlaceholder: 'Navn eller fødselsnummer',
  searchHint: 'Søk blant enhetens utskrivninger på pasientens navn (begynnelsen av fornavn eller etternavn) eller de 11 sifrene i fødselsnummeret.',
  search: 'Søk',
  showAll: 'Vis alle',
  searchResults: (n: number, q: string) => (n === 1 ? `1 utskrivning for «${q}»` : `${n} utskrivninger for «${q}»`),
  noMatch: (q: string) => `Ingen utskrivninger fra enheten for «${q}». Sjekk stavingen eller sifrene, eller søk på bare etternavnet.`,

  columns: {
    receivingGp: 'Fastlege',
    noGp: 'Uten fastlege',
    withGp: 'Hos fastlegen',
    accepted: 'Akseptert',
    contested: 'Bestridt',
    completed: 'Fullført',
    cancelled: 'Avbrutt',
  },
  columnHints: {
    noGp: 'Ingen eier oppgaven ennå: den venter i køen «Uten fastlege».',
    withGp: 'Sendt til fastlegen, ikke besvart ennå.',
    accepted: 'Fastlegen har tatt oppgaven, ikke fullført ennå.',
    contested: 'Fastlegen mente oppgaven ikke hørte hjemme hos dem.',
    completed: 'Fastlegen har fullført oppgaven.',
    cancelled: 'Avbrutt, mislyktes eller feilregistrert.',
  } as Record<string, string>,
  overdue: (n: number) => `${n} over frist`,
  openFor: (patient: string) => `Åpne overføringen for ${patient}`,

  detailTitle: (patient: string) => `Overføring for ${patient}`,
  back: 'Tilbake til overføringer',
  notFound: 'Fant ikke overføringen. Den finnes ikke, eller den ble sendt fra en annen enhet.',
  sent: 'Sendt',
  receivingGp: 'Fastlege',
  noGpYet: 'Ingen fastlege ennå',
  state: 'Status',
  tasksTitle: 'Oppgavene',
  taskColumns: { category: 'Kategori', task: 'Oppgave', due: 'Frist', state: 'Status', owner: 'Hos', actions: 'Handlinger' },
  resolution: {
    'awaiting-hospital': 'venter på dere',
    'taken-back': 'tatt tilbake av sykehuset',
    reassigned: 'sendt til en annen fastlege',
    forwarded: 'videresendt av fastlegen',
  } as Record<string, string>,
  counts: 'Slik står oppgavene',
};

type HandoverTexts = typeof nb;

const en: HandoverTexts = {
  unassignedTitle: 'No GP',
  unassignedLead:
    "Tasks for patients without a registered GP. They stay with the unit that sent them until you have found the patient's GP: choose the GP, and the task goes to the GP's inbox.",
  unassignedEmpty: 'No tasks are waiting for a GP.',
  assignGp: 'Assign a GP',
  assignGpFor: (what: string, patient: string) => `Assign a GP: ${what}, ${patient}`,
  assigned: 'The task went to the GP.',
  sentAt: (when: string) => `Created ${when}`,
  due: (date: string) => `Due ${date}`,
  openHandover: 'Open the hand-over',

  searchLabel: 'Find a patient',
  searchPlaceholder: 'Name or national identity number',
  searchHint: "Search your unit's discharges by the patient's name (the start of the given or family name) or the 11 digits of the identity number.",
  search: 'Search',
  showAll: 'Show all',
  searchResults: (n: number, q: string) => (n === 1 ? `1 discharge for "${q}"` : `${n} discharges for "${q}"`),
  noMatch: (q: string) => `No discharges from your unit for "${q}". Check the spelling or the digits, or search by the family name only.`,

  columns: {
    receivingGp: 'GP',
    noGp: 'No GP',
    withGp: 'With the GP',
    accepted: 'Accepted',
    contested: 'Contested',
    completed: 'Completed',
    cancelled: 'Cancelled',
  },
  columnHints: {
    noGp: 'Nobody owns the task yet: it waits in the "No GP" queue.',
    withGp: 'Sent to the GP, not answered yet.',
    accepted: 'The GP has taken the task on, not completed yet.',
    contested: 'The GP said the task did not belong with them.',
    completed: 'The GP has completed the task.',
    cancelled: 'Cancelled, failed or entered in error.',
  },
  overdue: (n: number) => `${n} overdue`,
  openFor: (patient: string) => `Open the hand-over for ${patient}`,

  detailTitle: (patient: string) => `Hand-over for ${patient}`,
  back: 'Back to hand-overs',
  notFound: 'The hand-over was not found. It does not exist, or another unit sent it.',
  sent: 'Sent',
  receivingGp: 'GP',
  noGpYet: 'No GP yet',
  state: 'Status',
  tasksTitle: 'The tasks',
  taskColumns: { category: 'Category', task: 'Task', due: 'Due', state: 'Status', owner: 'With', actions: 'Actions' },
  resolution: {
    'awaiting-hospital': 'waiting for you',
    'taken-back': 'taken back by the hospital',
    reassigned: 'sent to another GP',
    forwarded: 'forwarded by the GP',
  },
  counts: 'How the tasks stand',
};

const TEXTS: Record<Language, HandoverTexts> = { nb, en };

export function useHandoverTexts(): { ht: HandoverTexts; language: Language } {
  const { language } = useLanguage();
  return { ht: TEXTS[language], language };
}
