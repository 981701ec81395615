import { ElementSpecs } from '../element-schema';

/** http://hl7.org/fhir/ValueSet/endpoint-status */
export const ENDPOINT_STATUS_CODES = ['active', 'suspended', 'error', 'off', 'entered-in-error', 'test'] as const;

/** Endpoint (R4 4.0.1): an electronic address, such as a HER id on the national health network with the message types it accepts. */
export const ENDPOINT: ElementSpecs = {
  identifier: { type: 'Identifier', card: '0..*' },
  status: { type: 'code', card: '1..1', codes: ENDPOINT_STATUS_CODES },
  connectionType: { type: 'Coding', card: '1..1' },
  name: { type: 'string' },
  managingOrganization: { type: 'Reference', targets: ['Organization'] },
  contact: { type: 'ContactPoint', card: '0..*' },
  period: { type: 'Period' },
  payloadType: { type: 'CodeableConcept', card: '1..*' },
  payloadMimeType: { type: 'code', card: '0..*' },
  address: { type: 'url', card: '1..1' },
  header: { type: 'string', card: '0..*' },
};
