import { ElementSpecs } from '../element-schema';
import { REQUEST_PRIORITY } from '../value-sets';

/** http://hl7.org/fhir/ValueSet/request-status */
export const REQUEST_STATUS = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] as const;

/** http://hl7.org/fhir/ValueSet/request-intent */
export const REQUEST_INTENT = [
  'proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option',
] as const;

/** ServiceRequest (R4 4.0.1). */
export const SERVICE_REQUEST: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  instantiatesCanonical: { type: 'canonical', card: '0..*' },
  instantiatesUri: { type: 'uri', card: '0..*' },
  basedOn: { type: 'Reference', card: '0..*', targets: ['CarePlan', 'ServiceRequest', 'MedicationRequest'] },
  replaces: { type: 'Reference', card: '0..*', targets: ['ServiceRequest'] },
  requisition: { type: 'Identifier' },
  status: { type: 'code', card: '1..1', codes: REQUEST_STATUS },
  intent: { type: 'code', card: '1..1', codes: REQUEST_INTENT },
  category: { type: 'CodeableConcept', card: '0..*' },
  priority: { type: 'code', codes: REQUEST_PRIORITY },
  doNotPerform: { type: 'boolean' },
  code: { type: 'CodeableConcept' },
  orderDetail: { type: 'CodeableConcept', card: '0..*' },
  'quantity[x]': { type: ['Quantity', 'Ratio', 'Range'] },
  subject: { type: 'Reference', card: '1..1', targets: ['Patient', 'Group', 'Location', 'Device'] },
  encounter: { type: 'Reference', targets: ['Encounter'] },
  'occurrence[x]': { type: ['dateTime', 'Period', 'Timing'] },
  'asNeeded[x]': { type: ['boolean', 'CodeableConcept'] },
  authoredOn: { type: 'dateTime' },
  requester: { type: 'Reference', targets: ['Practitioner', 'PractitionerRole', 'Organization', 'Patient', 'RelatedPerson', 'Device'] },
  performerType: { type: 'CodeableConcept' },
  performer: {
    type: 'Reference',
    card: '0..*',
    targets: ['Practitioner', 'PractitionerRole', 'Organization', 'CareTeam', 'HealthcareService', 'Patient', 'Device', 'RelatedPerson'],
  },
  locationCode: { type: 'CodeableConcept', card: '0..*' },
  locationReference: { type: 'Reference', card: '0..*', targets: ['Location'] },
  reasonCode: { type: 'CodeableConcept', card: '0..*' },
  reasonReference: { type: 'Reference', card: '0..*', targets: ['Condition', 'Observation', 'DiagnosticReport', 'DocumentReference'] },
  insurance: { type: 'Reference', card: '0..*', targets: ['Coverage', 'ClaimResponse'] },
  supportingInfo: { type: 'Reference', card: '0..*' },
  specimen: { type: 'Reference', card: '0..*', targets: ['Specimen'] },
  bodySite: { type: 'CodeableConcept', card: '0..*' },
  note: { type: 'Annotation', card: '0..*' },
  patientInstruction: { type: 'string' },
  relevantHistory: { type: 'Reference', card: '0..*', targets: ['Provenance'] },
};
