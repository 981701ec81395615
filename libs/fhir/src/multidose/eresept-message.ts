/**
 * The e-prescription messages about multidose that Bro records as dated events on the episode (it sends none
 * of them): posted by the GP's EPJ or the pharmacy system as a `Communication` about the episode, or as the
 * `multidose-event` FHIR message. Codes are the e-resept message names.
 */
export const ERESEPT_MESSAGE_SYSTEM = 'urn:bro:eresept-message';

export enum EreseptMessage {
  /** Registering or deregistering the responsible doctor or the dispensing pharmacy. */
  Registration = 'M27.1',
  /** The doctor's complete medication list, through the prescription intermediary (the same list as PLL). */
  CompleteList = 'M25.1',
  /** The pharmacy asks the doctor for a change. */
  ChangeRequest = 'M25.2',
  /** The pharmacy's dispensing report: what was packed and handed out, and what cannot be packed. */
  DispensingReport = 'M25.3',
}

export const ERESEPT_MESSAGES: Record<EreseptMessage, { display: string; displayEn: string; definition: string }> = {
  [EreseptMessage.Registration]: {
    display: 'Registrering av multidoseansvarlig lege eller apotek',
    displayEn: 'Registration of the responsible doctor or pharmacy',
    definition: 'The responsible doctor or the dispensing pharmacy registered (or, with a deregistration, ended)',
  },
  [EreseptMessage.CompleteList]: {
    display: 'Fullstendig legemiddelliste',
    displayEn: 'Complete medication list',
    definition: "The responsible doctor's complete medication list via the prescription intermediary (the same list as PLL)",
  },
  [EreseptMessage.ChangeRequest]: {
    display: 'Forespørsel om endring fra apotek',
    displayEn: 'Change request from the pharmacy',
    definition: 'The pharmacy asks the responsible doctor for a change',
  },
  [EreseptMessage.DispensingReport]: {
    display: 'Utleveringsrapport',
    displayEn: 'Dispensing report',
    definition: 'What the pharmacy packed and handed out, and what cannot be packed',
  },
};

export function isEreseptMessage(value: unknown): value is EreseptMessage {
  return typeof value === 'string' && Object.values(EreseptMessage).includes(value as EreseptMessage);
}

/** On an M27.1: a deregistration (valueBoolean true) rather than a registration. */
export const DEREGISTRATION_EXTENSION = 'urn:bro:extension:deregistration';

/** On an M25.3: the date of the complete list (M25.1) the pharmacy packed from (valueDate or valueDateTime). */
export const PACKED_FROM_LIST_EXTENSION = 'urn:bro:extension:packed-from-list';
