import { ElementSpecs } from '../element-schema';

const AGENTS = ['PractitionerRole', 'Practitioner', 'Organization', 'Device', 'Patient', 'RelatedPerson'];

/** AuditEvent (R4 4.0.1). */
export const AUDIT_EVENT: ElementSpecs = {
  type: { type: 'Coding', card: '1..1' },
  subtype: { type: 'Coding', card: '0..*' },
  action: { type: 'code', codes: ['C', 'R', 'U', 'D', 'E'] },
  period: { type: 'Period' },
  recorded: { type: 'instant', card: '1..1' },
  outcome: { type: 'code', codes: ['0', '4', '8', '12'] },
  outcomeDesc: { type: 'string' },
  purposeOfEvent: { type: 'CodeableConcept', card: '0..*' },
  agent: {
    type: 'BackboneElement',
    card: '1..*',
    elements: {
      type: { type: 'CodeableConcept' },
      role: { type: 'CodeableConcept', card: '0..*' },
      who: { type: 'Reference', targets: AGENTS },
      altId: { type: 'string' },
      name: { type: 'string' },
      requestor: { type: 'boolean', card: '1..1' },
      location: { type: 'Reference', targets: ['Location'] },
      policy: { type: 'uri', card: '0..*' },
      media: { type: 'Coding' },
      network: {
        type: 'BackboneElement',
        elements: {
          address: { type: 'string' },
          type: { type: 'code', codes: ['1', '2', '3', '4', '5'] },
        },
      },
      purposeOfUse: { type: 'CodeableConcept', card: '0..*' },
    },
  },
  source: {
    type: 'BackboneElement',
    card: '1..1',
    elements: {
      site: { type: 'string' },
      observer: { type: 'Reference', card: '1..1', targets: AGENTS },
      type: { type: 'Coding', card: '0..*' },
    },
  },
  entity: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      what: { type: 'Reference' },
      type: { type: 'Coding' },
      role: { type: 'Coding' },
      lifecycle: { type: 'Coding' },
      securityLabel: { type: 'Coding', card: '0..*' },
      name: { type: 'string' },
      description: { type: 'string' },
      query: { type: 'base64Binary' },
      detail: {
        type: 'BackboneElement',
        card: '0..*',
        elements: {
          type: { type: 'string', card: '1..1' },
          'value[x]': { type: ['string', 'base64Binary'], card: '1..1' },
        },
      },
    },
  },
};
