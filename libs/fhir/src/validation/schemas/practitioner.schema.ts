import { ElementSpecs } from '../element-schema';
import { ADMINISTRATIVE_GENDER, DAYS_OF_WEEK } from '../value-sets';

/** Practitioner (R4 4.0.1). */
export const PRACTITIONER: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  active: { type: 'boolean' },
  name: { type: 'HumanName', card: '0..*' },
  telecom: { type: 'ContactPoint', card: '0..*' },
  address: { type: 'Address', card: '0..*' },
  gender: { type: 'code', codes: ADMINISTRATIVE_GENDER },
  birthDate: { type: 'date' },
  photo: { type: 'Attachment', card: '0..*' },
  qualification: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      identifier: { type: 'Identifier', card: '0..*' },
      code: { type: 'CodeableConcept', card: '1..1' },
      period: { type: 'Period' },
      issuer: { type: 'Reference', targets: ['Organization'] },
    },
  },
  communication: { type: 'CodeableConcept', card: '0..*' },
};

/** PractitionerRole (R4 4.0.1). */
export const PRACTITIONER_ROLE: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  active: { type: 'boolean' },
  period: { type: 'Period' },
  practitioner: { type: 'Reference', targets: ['Practitioner'] },
  organization: { type: 'Reference', targets: ['Organization'] },
  code: { type: 'CodeableConcept', card: '0..*' },
  specialty: { type: 'CodeableConcept', card: '0..*' },
  location: { type: 'Reference', card: '0..*', targets: ['Location'] },
  healthcareService: { type: 'Reference', card: '0..*', targets: ['HealthcareService'] },
  telecom: { type: 'ContactPoint', card: '0..*' },
  availableTime: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      daysOfWeek: { type: 'code', card: '0..*', codes: DAYS_OF_WEEK },
      allDay: { type: 'boolean' },
      availableStartTime: { type: 'time' },
      availableEndTime: { type: 'time' },
    },
  },
  notAvailable: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      description: { type: 'string', card: '1..1' },
      during: { type: 'Period' },
    },
  },
  availabilityExceptions: { type: 'string' },
  endpoint: { type: 'Reference', card: '0..*', targets: ['Endpoint'] },
};
