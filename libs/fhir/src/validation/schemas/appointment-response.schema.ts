import { ElementSpecs } from '../element-schema';

/** AppointmentResponse (R4 4.0.1): one participant's answer to an Appointment. */
export const APPOINTMENT_RESPONSE: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  appointment: { type: 'Reference', card: '1..1', targets: ['Appointment'] },
  start: { type: 'instant' },
  end: { type: 'instant' },
  participantType: { type: 'CodeableConcept', card: '0..*' },
  actor: {
    type: 'Reference',
    targets: ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Device', 'HealthcareService', 'Location'],
  },
  participantStatus: { type: 'code', card: '1..1', codes: ['accepted', 'declined', 'tentative', 'needs-action'] },
  comment: { type: 'string' },
};
