/**
 * Identifier systems for Norwegian identifiers, as HL7 Norway's no-basis profiles name them.
 * Use these constants instead of the OID strings so a typo cannot slip a number past validation.
 */
export const IdentifierSystem = {
  /** Fødselsnummer, the national identity number (Folkeregisteret). */
  Fodselsnummer: 'urn:oid:2.16.578.1.12.4.1.4.1',
  /** D-nummer, for people without a fødselsnummer (e.g. foreign workers): the day has 4 added to its first digit. */
  DNummer: 'urn:oid:2.16.578.1.12.4.1.4.2',
  /** HPR-nummer, Helsepersonellregisteret's number for health personnel. */
  Hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
  /** Organisasjonsnummer from Enhetsregisteret (ENH). */
  Organisasjonsnummer: 'urn:oid:2.16.578.1.12.4.1.4.101',
  /** RESH-id, the register of hospital units (Register for enheter i spesialisthelsetjenesten). */
  Resh: 'urn:oid:2.16.578.1.12.4.1.4.102',
  /** HER-id from Adresseregisteret, where health messages are addressed. */
  Her: 'urn:oid:2.16.578.1.12.4.1.2',
} as const;

export type IdentifierSystemUri = (typeof IdentifierSystem)[keyof typeof IdentifierSystem];
