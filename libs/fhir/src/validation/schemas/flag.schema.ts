import { ElementSpecs } from '../element-schema';

/** http://hl7.org/fhir/ValueSet/flag-status */
export const FLAG_STATUS = ['active', 'inactive', 'entered-in-error'] as const;

/** Flag (R4 4.0.1): Bro's revolving-door mark on a patient (urn:bro:flag|revolving-door), and flags systems keep. */
export const FLAG: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  status: { type: 'code', card: '1..1', codes: FLAG_STATUS },
  category: { type: 'CodeableConcept', card: '0..*' },
  code: { type: 'CodeableConcept', card: '1..1' },
  // Bro keeps Flags about patients only: the patient's access rules decide who sees one.
  subject: { type: 'Reference', card: '1..1', targets: ['Patient'] },
  period: { type: 'Period' },
  encounter: { type: 'Reference', targets: ['Encounter'] },
  author: { type: 'Reference', targets: ['Device', 'Organization', 'Patient', 'Practitioner', 'PractitionerRole'] },
};
