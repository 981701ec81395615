import { ElementSpecs } from '../element-schema';
import { ADMINISTRATIVE_GENDER } from '../value-sets';

/** Patient (R4 4.0.1). */
export const PATIENT: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  active: { type: 'boolean' },
  name: { type: 'HumanName', card: '0..*' },
  telecom: { type: 'ContactPoint', card: '0..*' },
  gender: { type: 'code', codes: ADMINISTRATIVE_GENDER },
  birthDate: { type: 'date' },
  'deceased[x]': { type: ['boolean', 'dateTime'] },
  address: { type: 'Address', card: '0..*' },
  maritalStatus: { type: 'CodeableConcept' },
  'multipleBirth[x]': { type: ['boolean', 'integer'] },
  photo: { type: 'Attachment', card: '0..*' },
  contact: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      relationship: { type: 'CodeableConcept', card: '0..*' },
      name: { type: 'HumanName' },
      telecom: { type: 'ContactPoint', card: '0..*' },
      address: { type: 'Address' },
      gender: { type: 'code', codes: ADMINISTRATIVE_GENDER },
      organization: { type: 'Reference', targets: ['Organization'] },
      period: { type: 'Period' },
    },
  },
  communication: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      language: { type: 'CodeableConcept', card: '1..1' },
      preferred: { type: 'boolean' },
    },
  },
  generalPractitioner: { type: 'Reference', card: '0..*', targets: ['Organization', 'Practitioner', 'PractitionerRole'] },
  managingOrganization: { type: 'Reference', targets: ['Organization'] },
  link: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      other: { type: 'Reference', card: '1..1', targets: ['Patient', 'RelatedPerson'] },
      type: { type: 'code', card: '1..1', codes: ['replaced-by', 'replaces', 'refer', 'seealso'] },
    },
  },
};
