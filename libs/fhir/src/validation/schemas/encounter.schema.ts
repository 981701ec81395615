import { ElementSpecs } from '../element-schema';
import { ENCOUNTER_STATUS } from '../value-sets';

/** Encounter (R4 4.0.1). */
export const ENCOUNTER: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  status: { type: 'code', card: '1..1', codes: ENCOUNTER_STATUS },
  statusHistory: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      status: { type: 'code', card: '1..1', codes: ENCOUNTER_STATUS },
      period: { type: 'Period', card: '1..1' },
    },
  },
  class: { type: 'Coding', card: '1..1' },
  classHistory: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      class: { type: 'Coding', card: '1..1' },
      period: { type: 'Period', card: '1..1' },
    },
  },
  type: { type: 'CodeableConcept', card: '0..*' },
  serviceType: { type: 'CodeableConcept' },
  priority: { type: 'CodeableConcept' },
  subject: { type: 'Reference', targets: ['Patient', 'Group'] },
  episodeOfCare: { type: 'Reference', card: '0..*', targets: ['EpisodeOfCare'] },
  basedOn: { type: 'Reference', card: '0..*', targets: ['ServiceRequest'] },
  participant: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      type: { type: 'CodeableConcept', card: '0..*' },
      period: { type: 'Period' },
      individual: { type: 'Reference', targets: ['Practitioner', 'PractitionerRole', 'RelatedPerson'] },
    },
  },
  appointment: { type: 'Reference', card: '0..*', targets: ['Appointment'] },
  period: { type: 'Period' },
  length: { type: 'Duration' },
  reasonCode: { type: 'CodeableConcept', card: '0..*' },
  reasonReference: { type: 'Reference', card: '0..*', targets: ['Condition', 'Procedure', 'Observation', 'ImmunizationRecommendation'] },
  diagnosis: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      condition: { type: 'Reference', card: '1..1', targets: ['Condition', 'Procedure'] },
      use: { type: 'CodeableConcept' },
      rank: { type: 'positiveInt' },
    },
  },
  account: { type: 'Reference', card: '0..*', targets: ['Account'] },
  hospitalization: {
    type: 'BackboneElement',
    elements: {
      preAdmissionIdentifier: { type: 'Identifier' },
      origin: { type: 'Reference', targets: ['Location', 'Organization'] },
      admitSource: { type: 'CodeableConcept' },
      reAdmission: { type: 'CodeableConcept' },
      dietPreference: { type: 'CodeableConcept', card: '0..*' },
      specialCourtesy: { type: 'CodeableConcept', card: '0..*' },
      specialArrangement: { type: 'CodeableConcept', card: '0..*' },
      destination: { type: 'Reference', targets: ['Location', 'Organization'] },
      dischargeDisposition: { type: 'CodeableConcept' },
    },
  },
  location: {
    type: 'BackboneElement',
    card: '0..*',
    elements: {
      location: { type: 'Reference', card: '1..1', targets: ['Location'] },
      status: { type: 'code', codes: ['planned', 'active', 'reserved', 'completed'] },
      physicalType: { type: 'CodeableConcept' },
      period: { type: 'Period' },
    },
  },
  serviceProvider: { type: 'Reference', targets: ['Organization'] },
  partOf: { type: 'Reference', targets: ['Encounter'] },
};
