import { ElementSpecs } from '../element-schema';

/** http://hl7.org/fhir/ValueSet/episode-of-care-status */
export const EPISODE_OF_CARE_STATUS = ['planned', 'waitlist', 'active', 'onhold', 'finished', 'cancelled', 'entered-in-error'] as const;

/** EpisodeOfCare (R4 4.0.1): Bro's multidose episode per patient. */
export const EPISODE_OF_CARE: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  status: { type: 'code', card: '1..1', codes: EPISODE_OF_CARE_STATUS },
  statusHistory: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      status: { type: 'code', card: '1..1', codes: EPISODE_OF_CARE_STATUS },
      period: { type: 'Period', card: '1..1' },
    },
  },
  type: { type: 'CodeableConcept', card: '0..*' },
  diagnosis: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      condition: { type: 'Reference', card: '1..1', targets: ['Condition'] },
      role: { type: 'CodeableConcept' },
      rank: { type: 'positiveInt' },
    },
  },
  patient: { type: 'Reference', card: '1..1', targets: ['Patient'] },
  managingOrganization: { type: 'Reference', targets: ['Organization'] },
  period: { type: 'Period' },
  referralRequest: { type: 'Reference', card: '0..*', targets: ['ServiceRequest'] },
  careManager: { type: 'Reference', targets: ['Practitioner', 'PractitionerRole'] },
  team: { type: 'Reference', card: '0..*', targets: ['CareTeam'] },
  account: { type: 'Reference', card: '0..*', targets: ['Account'] },
};
