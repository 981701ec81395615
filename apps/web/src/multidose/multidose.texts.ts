import type { EreseptMessage } from '@app/fhir/multidose/eresept-message';
import type { MultidoseState } from '@app/fhir/multidose/multidose-state';
import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/** The GP's and coordinator's multidose words, beside the views rather than in the shared dictionary. */
const nb = {
  state: {
    candidate: 'Aktuell for multidose',
    'start-pending': 'Oppstart venter',
    active: 'Aktiv',
    'change-pending': 'Endring venter',
    'suspended-admitted': 'Innlagt – pakking stanset',
    ended: 'Avsluttet',
  } as Record<MultidoseState, string>,
  mode: { 'e-multidose': 'e-multidose', paper: 'papir' } as Record<string, string>,
  message: {
    'M27.1': 'M27.1 Registrering av multidoseansvarlig lege eller apotek',
    'M25.1': 'M25.1 Fullstendig legemiddelliste sendt',
    'M25.2': 'M25.2 Forespørsel om endring fra apotek',
    'M25.3': 'M25.3 Utleveringsrapport fra apotek',
  } as Record<EreseptMessage, string>,
  deregistration: 'avmelding',
  packedFromList: (date: string) => `pakket etter liste fra ${date}`,
  badge: (state: string) => `Multidose: ${state}`,
  /** Read after the badge's visible text, so its accessible name begins with what is seen. */
  badgeLinkTarget: (name: string) => `. Vis multidoseforløpet til ${name}`,
  pendingBadge: 'Endring venter',
  title: 'Mine multidosepasienter',
  lead: 'Pasienter med multidose der du er multidoseansvarlig lege, eller som kontoret ditt har ansvaret for. Endringer som venter på oppdatert legemiddelliste står øverst.',
  total: (n: number) => (n === 1 ? '1 pasient' : `${n} pasienter`),
  empty:
    'Du har ingen multidosepasienter i Bro ennå. Et multidoseforløp registreres fra journalsystemet (EPJ) ditt når pasienten får multidose; pasienter der du er multidoseansvarlig lege, eller som kontoret ditt har, vises her.',
  columns: { patient: 'Pasient', state: 'Status', mode: 'Type', pharmacy: 'Apotek', due: 'Oppdatert liste innen', lastList: 'Siste fullstendige liste', actions: 'Handlinger' },
  overdue: 'Over frist',
  deviation: 'Apoteket pakket gammel liste',
  noDue: '–',
  recordList: 'Oppdatert liste sendt (M25.1)',
  recordListFor: (name: string) => `Oppdatert liste sendt (M25.1) for ${name}`,
  recording: 'Registrerer …',
  recorded: (name: string) => `Oppdatert legemiddelliste (M25.1) er registrert for ${name}.`,
  recordedHere: 'Oppdatert legemiddelliste (M25.1) er registrert.',
  stale: 'Multidoseforløpet er endret siden du åpnet siden. Lista er lastet på nytt; prøv igjen.',
  showTimeline: (name: string) => `Vis multidoseforløpet til ${name}`,
  timelineTitle: 'Multidoseforløp',
  timelineLead: 'Statusendringer og e-reseptmeldinger for pasientens multidose, eldste først.',
  timelineEmpty: 'Ingen hendelser ennå.',
  back: 'Mine multidosepasienter',
  noEpisode: 'Pasienten har ikke et multidoseforløp du har tilgang til.',
  facts: { state: 'Status', mode: 'Type', pharmacy: 'Apotek', doctor: 'Multidoseansvarlig lege (HPR)', lastList: 'Siste fullstendige liste', update: 'Oppdatert liste innen' },
  stateChange: (from: string | undefined, to: string) => (from ? `Status: ${from} → ${to}` : `Registrert: ${to}`),
  listNeeded: 'Legemidlene er endret. Send oppdatert fullstendig legemiddelliste (M25.1) fra journalsystemet, og registrer det her.',
  handoverNote: 'Nevn multidose i epikrisen: endrede legemidler gir fastlegen en oppgave om å sende oppdatert legemiddelliste til apoteket.',
};

export type MultidoseTexts = typeof nb;

const en: MultidoseTexts = {
  state: {
    candidate: 'Candidate',
    'start-pending': 'Start pending',
    active: 'Active',
    'change-pending': 'Change pending',
    'suspended-admitted': 'Admitted – packing paused',
    ended: 'Ended',
  },
  mode: { 'e-multidose': 'e-multidose', paper: 'paper' },
  message: {
    'M27.1': 'M27.1 Registration of the responsible doctor or pharmacy',
    'M25.1': 'M25.1 Complete medication list sent',
    'M25.2': 'M25.2 Change request from the pharmacy',
    'M25.3': 'M25.3 Dispensing report from the pharmacy',
  },
  deregistration: 'deregistration',
  packedFromList: (date: string) => `packed from the list of ${date}`,
  badge: (state: string) => `Multidose: ${state}`,
  badgeLinkTarget: (name: string) => `. Show ${name}'s multidose episode`,
  pendingBadge: 'Change pending',
  title: 'My multidose patients',
  lead: 'Patients on multidose for whom you are the responsible doctor, or whom your office looks after. Changes waiting for an updated medication list come first.',
  total: (n: number) => (n === 1 ? '1 patient' : `${n} patients`),
  empty:
    'You have no multidose patients in Bro yet. A multidose episode is registered from your EPJ when a patient starts multidose; patients for whom you are the responsible doctor, or whom your office has, are listed here.',
  columns: { patient: 'Patient', state: 'State', mode: 'Kind', pharmacy: 'Pharmacy', due: 'Updated list due', lastList: 'Last complete list', actions: 'Actions' },
  overdue: 'Overdue',
  deviation: 'Pharmacy packed the old list',
  noDue: '–',
  recordList: 'Updated list sent (M25.1)',
  recordListFor: (name: string) => `Updated list sent (M25.1) for ${name}`,
  recording: 'Recording …',
  recorded: (name: string) => `The updated medication list (M25.1) is recorded for ${name}.`,
  recordedHere: 'The updated medication list (M25.1) is recorded.',
  stale: 'The multidose episode changed since you opened the page. The list has been reloaded; try again.',
  showTimeline: (name: string) => `Show ${name}'s multidose episode`,
  timelineTitle: 'Multidose episode',
  timelineLead: "State changes and e-prescription messages of the patient's multidose, oldest first.",
  timelineEmpty: 'Nothing has happened yet.',
  back: 'My multidose patients',
  noEpisode: 'The patient has no multidose episode you may see.',
  facts: { state: 'State', mode: 'Kind', pharmacy: 'Pharmacy', doctor: 'Responsible doctor (HPR)', lastList: 'Last complete list', update: 'Updated list due' },
  stateChange: (from: string | undefined, to: string) => (from ? `State: ${from} → ${to}` : `Registered: ${to}`),
  listNeeded: 'The medication changed. Send the updated complete medication list (M25.1) from your EPJ, and record it here.',
  handoverNote: 'Mention multidose in the discharge letter: changed medication gives the GP a task to send an updated list to the pharmacy.',
};

const TEXTS: Record<Language, MultidoseTexts> = { nb, en };

export function useMultidoseTexts(): { md: MultidoseTexts; language: Language } {
  const { language } = useLanguage();
  return { md: TEXTS[language], language };
}
