import { ElementSpecs } from '../element-schema';

/** http://hl7.org/fhir/ValueSet/medication-statement-status */
export const MEDICATION_STATEMENT_STATUS = ['active', 'completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'unknown', 'not-taken'] as const;

/** MedicationStatement (R4 4.0.1). */
export const MEDICATION_STATEMENT: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  basedOn: { type: 'Reference', card: '0..*', targets: ['MedicationRequest', 'CarePlan', 'ServiceRequest'] },
  partOf: {
    type: 'Reference',
    card: '0..*',
    targets: ['MedicationAdministration', 'MedicationDispense', 'MedicationStatement', 'Procedure', 'Observation'],
  },
  status: { type: 'code', card: '1..1', codes: MEDICATION_STATEMENT_STATUS },
  statusReason: { type: 'CodeableConcept', card: '0..*' },
  category: { type: 'CodeableConcept' },
  'medication[x]': { type: ['CodeableConcept', 'Reference'], card: '1..1', targets: ['Medication'] },
  subject: { type: 'Reference', card: '1..1', targets: ['Patient', 'Group'] },
  context: { type: 'Reference', targets: ['Encounter', 'EpisodeOfCare'] },
  'effective[x]': { type: ['dateTime', 'Period'] },
  dateAsserted: { type: 'dateTime' },
  informationSource: { type: 'Reference', targets: ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Organization'] },
  derivedFrom: { type: 'Reference', card: '0..*' },
  reasonCode: { type: 'CodeableConcept', card: '0..*' },
  reasonReference: { type: 'Reference', card: '0..*', targets: ['Condition', 'Observation', 'DiagnosticReport'] },
  note: { type: 'Annotation', card: '0..*' },
  dosage: { type: 'Dosage', card: '0..*' },
};
