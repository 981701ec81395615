import { ElementSpecs, OPEN_TYPES } from '../element-schema';
import { REQUEST_PRIORITY } from '../value-sets';

/** http://hl7.org/fhir/ValueSet/task-status */
export const TASK_STATUS = [
  'draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error',
] as const;

/** http://hl7.org/fhir/ValueSet/task-intent */
export const TASK_INTENT = ['unknown', 'proposal', 'plan', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'] as const;

const PARAMETER: ElementSpecs = {
  type: { type: 'CodeableConcept', card: '1..1' },
  'value[x]': { type: OPEN_TYPES, card: '1..1' },
};

/** Task (R4 4.0.1). */
export const TASK: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  instantiatesCanonical: { type: 'canonical' },
  instantiatesUri: { type: 'uri' },
  basedOn: { type: 'Reference', card: '0..*' },
  groupIdentifier: { type: 'Identifier' },
  partOf: { type: 'Reference', card: '0..*', targets: ['Task'] },
  status: { type: 'code', card: '1..1', codes: TASK_STATUS },
  statusReason: { type: 'CodeableConcept' },
  businessStatus: { type: 'CodeableConcept' },
  intent: { type: 'code', card: '1..1', codes: TASK_INTENT },
  priority: { type: 'code', codes: REQUEST_PRIORITY },
  code: { type: 'CodeableConcept' },
  description: { type: 'string' },
  focus: { type: 'Reference' },
  for: { type: 'Reference' },
  encounter: { type: 'Reference', targets: ['Encounter'] },
  executionPeriod: { type: 'Period' },
  authoredOn: { type: 'dateTime' },
  lastModified: { type: 'dateTime' },
  requester: { type: 'Reference', targets: ['Device', 'Organization', 'Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson'] },
  performerType: { type: 'CodeableConcept', card: '0..*' },
  owner: {
    type: 'Reference',
    targets: ['Practitioner', 'PractitionerRole', 'Organization', 'CareTeam', 'HealthcareService', 'Patient', 'Device', 'RelatedPerson'],
  },
  location: { type: 'Reference', targets: ['Location'] },
  reasonCode: { type: 'CodeableConcept' },
  reasonReference: { type: 'Reference' },
  insurance: { type: 'Reference', card: '0..*', targets: ['Coverage', 'ClaimResponse'] },
  note: { type: 'Annotation', card: '0..*' },
  relevantHistory: { type: 'Reference', card: '0..*', targets: ['Provenance'] },
  restriction: {
    type: 'BackboneElement',
    elements: {
      repetitions: { type: 'positiveInt' },
      period: { type: 'Period' },
      recipient: {
        type: 'Reference',
        card: '0..*',
        targets: ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Group', 'Organization'],
      },
    },
  },
  input: { type: 'BackboneElement', card: '0..*', elements: PARAMETER },
  output: { type: 'BackboneElement', card: '0..*', elements: PARAMETER },
};
