import { ElementSpecs } from '../element-schema';

/** http://hl7.org/fhir/ValueSet/appointmentstatus */
export const APPOINTMENT_STATUS = [
  'proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist',
] as const;

/** Appointment (R4 4.0.1). */
export const APPOINTMENT: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  status: { type: 'code', card: '1..1', codes: APPOINTMENT_STATUS },
  cancelationReason: { type: 'CodeableConcept' },
  serviceCategory: { type: 'CodeableConcept', card: '0..*' },
  serviceType: { type: 'CodeableConcept', card: '0..*' },
  specialty: { type: 'CodeableConcept', card: '0..*' },
  appointmentType: { type: 'CodeableConcept' },
  reasonCode: { type: 'CodeableConcept', card: '0..*' },
  reasonReference: { type: 'Reference', card: '0..*', targets: ['Condition', 'Procedure', 'Observation', 'ImmunizationRecommendation'] },
  priority: { type: 'unsignedInt' },
  description: { type: 'string' },
  supportingInformation: { type: 'Reference', card: '0..*' },
  start: { type: 'instant' },
  end: { type: 'instant' },
  minutesDuration: { type: 'positiveInt' },
  slot: { type: 'Reference', card: '0..*', targets: ['Slot'] },
  created: { type: 'dateTime' },
  comment: { type: 'string' },
  patientInstruction: { type: 'string' },
  basedOn: { type: 'Reference', card: '0..*', targets: ['ServiceRequest'] },
  participant: {
    type: 'BackboneElement',
    card: '1..*',
    elements: {
      type: { type: 'CodeableConcept', card: '0..*' },
      actor: {
        type: 'Reference',
        targets: ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Device', 'HealthcareService', 'Location'],
      },
      required: { type: 'code', codes: ['required', 'optional', 'information-only'] },
      status: { type: 'code', card: '1..1', codes: ['accepted', 'declined', 'tentative', 'needs-action'] },
      period: { type: 'Period' },
    },
  },
  requestedPeriod: { type: 'Period', card: '0..*' },
};
