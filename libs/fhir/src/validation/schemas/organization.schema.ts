import { ElementSpecs } from '../element-schema';
import { DAYS_OF_WEEK } from '../value-sets';

/** Organization (R4 4.0.1). */
export const ORGANIZATION: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  active: { type: 'boolean' },
  type: { type: 'CodeableConcept', card: '0..*' },
  name: { type: 'string' },
  alias: { type: 'string', card: '0..*' },
  telecom: { type: 'ContactPoint', card: '0..*' },
  address: { type: 'Address', card: '0..*' },
  partOf: { type: 'Reference', targets: ['Organization'] },
  contact: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      purpose: { type: 'CodeableConcept' },
      name: { type: 'HumanName' },
      telecom: { type: 'ContactPoint', card: '0..*' },
      address: { type: 'Address' },
    },
  },
  endpoint: { type: 'Reference', card: '0..*', targets: ['Endpoint'] },
};

/** HealthcareService (R4 4.0.1). */
export const HEALTHCARE_SERVICE: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  active: { type: 'boolean' },
  providedBy: { type: 'Reference', targets: ['Organization'] },
  category: { type: 'CodeableConcept', card: '0..*' },
  type: { type: 'CodeableConcept', card: '0..*' },
  specialty: { type: 'CodeableConcept', card: '0..*' },
  location: { type: 'Reference', card: '0..*', targets: ['Location'] },
  name: { type: 'string' },
  comment: { type: 'string' },
  extraDetails: { type: 'markdown' },
  photo: { type: 'Attachment' },
  telecom: { type: 'ContactPoint', card: '0..*' },
  coverageArea: { type: 'Reference', card: '0..*', targets: ['Location'] },
  serviceProvisionCode: { type: 'CodeableConcept', card: '0..*' },
  eligibility: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      code: { type: 'CodeableConcept' },
      comment: { type: 'markdown' },
    },
  },
  program: { type: 'CodeableConcept', card: '0..*' },
  characteristic: { type: 'CodeableConcept', card: '0..*' },
  communication: { type: 'CodeableConcept', card: '0..*' },
  referralMethod: { type: 'CodeableConcept', card: '0..*' },
  appointmentRequired: { type: 'boolean' },
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
