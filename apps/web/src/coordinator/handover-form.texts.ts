import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/**
 * The hand-over form's messages per field and its look-up of the patient, beside the form rather than in the
 * shared dictionary (which keeps the form's labels). An empty field says what to fill in; a wrong one says
 * what is wrong with it.
 */
const nb = {
  personNumberMissing: 'Fyll ut fødselsnummer eller D-nummer.',
  personNumberNotDigits: 'Fødselsnummeret kan bare inneholde sifre.',
  personNumberLength: (n: number) => `Fødselsnummeret har 11 siffer; du har skrevet ${n}.`,
  givenNameMissing: 'Fyll ut fornavn: pasienten er ikke kjent i Bro.',
  familyNameMissing: 'Fyll ut etternavn: pasienten er ikke kjent i Bro.',
  admittedMissing: 'Fyll ut når pasienten ble lagt inn.',
  dischargedMissing: 'Fyll ut når pasienten ble skrevet ut.',
  dateTimeUnreadable: 'Skriv tidspunktet som dd.mm.åååå tt:mm, for eksempel 24.12.2026 14:30.',
  admittedInFuture: 'Innleggelsen kan ikke være fram i tid.',
  dischargedInFuture: 'Utskrivningen kan ikke være fram i tid: send overføringen ved eller etter utskrivning.',
  categoryMissing: 'Velg kategori.',
  descriptionMissing: 'Fyll ut beskrivelse: hva skal fastlegen gjøre?',
  dueUnreadable: 'Skriv fristen som dd.mm.åååå, for eksempel 24.12.2026.',
  dueInPast: 'Fristen kan ikke være før i dag.',
  fixErrors: (n: number) => (n === 1 ? 'Rett feltet som er merket (1 feil).' : `Rett feltene som er merket (${n} feil).`),
  lookingUp: 'Slår opp pasienten …',
  lookupFailed: 'Kunne ikke slå opp pasienten nå. Du kan likevel sende overføringen.',
  patientKnown: 'Pasient i Bro',
  patientUnknown: 'Pasienten er ikke kjent i Bro ennå. Fyll ut navnet; overføringen registrerer pasienten.',
  born: (date: string) => `født ${date}`,
  goesToGp: (gp: string, office?: string) => (office ? `Oppgavene går til fastlege ${gp}, ${office}.` : `Oppgavene går til fastlege ${gp}.`),
  goesToOffice: (office: string) => `Oppgavene går til felleslisten til ${office}.`,
  goesUnassigned: 'Pasienten har ingen registrert fastlege i Bro: oppgavene havner i enhetens kø «Uten fastlege» til dere tildeler en fastlege.',
  sentFor: (patient: string, n: number) => (n === 1 ? `Overføringen for ${patient} er sendt: 1 oppgave.` : `Overføringen for ${patient} er sendt: ${n} oppgaver.`),
  showHandover: 'Åpne overføringen',
  newHandover: 'Ny overføring',
};

const en: typeof nb = {
  personNumberMissing: 'Fill in the national identity number or D number.',
  personNumberNotDigits: 'The national identity number can only contain digits.',
  personNumberLength: (n: number) => `The national identity number has 11 digits; you have typed ${n}.`,
  givenNameMissing: 'Fill in the given name: the patient is not known in Bro.',
  familyNameMissing: 'Fill in the family name: the patient is not known in Bro.',
  admittedMissing: 'Fill in when the patient was admitted.',
  dischargedMissing: 'Fill in when the patient was discharged.',
  dateTimeUnreadable: 'Write the time as dd.mm.yyyy hh:mm, for example 24.12.2026 14:30.',
  admittedInFuture: 'The admission cannot be in the future.',
  dischargedInFuture: 'The discharge cannot be in the future: send the hand-over at or after discharge.',
  categoryMissing: 'Choose a category.',
  descriptionMissing: 'Fill in the description: what is the GP to do?',
  dueUnreadable: 'Write the due date as dd.mm.yyyy, for example 24.12.2026.',
  dueInPast: 'The due date cannot be before today.',
  fixErrors: (n: number) => (n === 1 ? 'Correct the marked field (1 error).' : `Correct the marked fields (${n} errors).`),
  lookingUp: 'Looking up the patient …',
  lookupFailed: 'Could not look up the patient just now. You can still send the hand-over.',
  patientKnown: 'Patient in Bro',
  patientUnknown: 'The patient is not known in Bro yet. Fill in the name; the hand-over registers the patient.',
  born: (date: string) => `born ${date}`,
  goesToGp: (gp: string, office?: string) => (office ? `The tasks go to GP ${gp}, ${office}.` : `The tasks go to GP ${gp}.`),
  goesToOffice: (office: string) => `The tasks go to the shared list of ${office}.`,
  goesUnassigned: 'The patient has no registered GP in Bro: the tasks wait in your unit\'s "No GP" queue until you assign a GP.',
  sentFor: (patient: string, n: number) => (n === 1 ? `The hand-over for ${patient} has been sent: 1 task.` : `The hand-over for ${patient} has been sent: ${n} tasks.`),
  showHandover: 'Open the hand-over',
  newHandover: 'New hand-over',
};

const TEXTS: Record<Language, typeof nb> = { nb, en };

export function useHandoverFormTexts() {
  const { language } = useLanguage();
  return TEXTS[language];
}
