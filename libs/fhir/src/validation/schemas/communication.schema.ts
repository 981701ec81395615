import { ElementSpecs } from '../element-schema';
import { REQUEST_PRIORITY } from '../value-sets';

/** http://hl7.org/fhir/ValueSet/event-status */
export const EVENT_STATUS = ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'] as const;

/** Communication (R4 4.0.1). */
export const COMMUNICATION: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  instantiatesCanonical: { type: 'canonical', card: '0..*' },
  instantiatesUri: { type: 'uri', card: '0..*' },
  basedOn: { type: 'Reference', card: '0..*' },
  partOf: { type: 'Reference', card: '0..*' },
  inResponseTo: { type: 'Reference', card: '0..*', targets: ['Communication'] },
  status: { type: 'code', card: '1..1', codes: EVENT_STATUS },
  statusReason: { type: 'CodeableConcept' },
  category: { type: 'CodeableConcept', card: '0..*' },
  priority: { type: 'code', codes: REQUEST_PRIORITY },
  medium: { type: 'CodeableConcept', card: '0..*' },
  subject: { type: 'Reference', targets: ['Patient', 'Group'] },
  topic: { type: 'CodeableConcept' },
  about: { type: 'Reference', card: '0..*' },
  encounter: { type: 'Reference', targets: ['Encounter'] },
  sent: { type: 'dateTime' },
  received: { type: 'dateTime' },
  recipient: {
    type: 'Reference',
    card: '0..*',
    targets: ['Device', 'Organization', 'Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Group', 'CareTeam', 'HealthcareService'],
  },
  sender: {
    type: 'Reference',
    targets: ['Device', 'Organization', 'Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'HealthcareService'],
  },
  reasonCode: { type: 'CodeableConcept', card: '0..*' },
  reasonReference: { type: 'Reference', card: '0..*', targets: ['Condition', 'Observation', 'DiagnosticReport', 'DocumentReference'] },
  payload: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      'content[x]': { type: ['string', 'Attachment', 'Reference'], card: '1..1' },
    },
  },
  note: { type: 'Annotation', card: '0..*' },
};
