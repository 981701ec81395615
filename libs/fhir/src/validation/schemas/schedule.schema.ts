import { ElementSpecs } from '../element-schema';

/** http://hl7.org/fhir/ValueSet/slotstatus */
export const SLOT_STATUS = ['busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error'] as const;

/** Schedule (R4 4.0.1): whose calendar (a practitioner's consultation time), with its planning horizon. */
export const SCHEDULE: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  active: { type: 'boolean' },
  serviceCategory: { type: 'CodeableConcept', card: '0..*' },
  serviceType: { type: 'CodeableConcept', card: '0..*' },
  specialty: { type: 'CodeableConcept', card: '0..*' },
  actor: {
    type: 'Reference',
    card: '1..*',
    targets: ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Device', 'HealthcareService', 'Location'],
  },
  planningHorizon: { type: 'Period' },
  comment: { type: 'string' },
};

/** Slot (R4 4.0.1): one free or busy stretch of a Schedule. */
export const SLOT: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  serviceCategory: { type: 'CodeableConcept', card: '0..*' },
  serviceType: { type: 'CodeableConcept', card: '0..*' },
  specialty: { type: 'CodeableConcept', card: '0..*' },
  appointmentType: { type: 'CodeableConcept' },
  schedule: { type: 'Reference', card: '1..1', targets: ['Schedule'] },
  status: { type: 'code', card: '1..1', codes: SLOT_STATUS },
  start: { type: 'instant', card: '1..1' },
  end: { type: 'instant', card: '1..1' },
  overbooked: { type: 'boolean' },
  comment: { type: 'string' },
};
