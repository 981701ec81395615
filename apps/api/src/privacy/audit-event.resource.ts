import { IdentifierSystem, Resource } from '@app/fhir';

export interface AuditRow {
  id: string;
  recorded: Date;
  action: string;
  subtype: string;
  outcome: string;
  agent_subject: string;
  agent_name: string | null;
  agent_role: string;
  agent_hpr: string | null;
  agent_organization: string | null;
  client_id: string | null;
  purpose_of_use: string;
  emergency_reason: string | null;
  source_address: string | null;
  entity_type: string | null;
  entity_id: string | null;
  entity_version: number | null;
  patient: string | null;
  query: string | null;
}

/**
 * An audit row as a FHIR AuditEvent, shaped after the HL7 Norway trust-framework AuditEvent profile
 * as far as Bro's data goes: the person (HPR) and their organisation as agents, the purpose of use
 * (TREAT, or ETREAT for emergency access with its reason), the resource and the patient as entities.
 */
export function auditEventResource(row: AuditRow): Resource {
  const person = row.agent_role !== 'system';
  return {
    resourceType: 'AuditEvent',
    id: row.id,
    meta: { versionId: '1', lastUpdated: row.recorded.toISOString() },
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: row.subtype }],
    action: row.action,
    recorded: row.recorded.toISOString(),
    outcome: row.outcome,
    purposeOfEvent: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: row.purpose_of_use }],
        ...(row.emergency_reason ? { text: row.emergency_reason } : {}),
      },
    ],
    agent: [
      {
        type: {
          coding: [
            person
              ? { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser', display: 'human user' }
              : { system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'dataprocessor', display: 'data processor' },
          ],
        },
        role: [{ coding: [{ system: 'urn:bro:role', code: row.agent_role }] }],
        who: {
          ...(row.agent_hpr ? { identifier: { system: IdentifierSystem.Hpr, value: row.agent_hpr } } : { identifier: { system: 'urn:bro:subject', value: row.agent_subject } }),
          ...(row.agent_name ? { display: row.agent_name } : {}),
        },
        ...(row.client_id ? { altId: row.client_id } : {}),
        requestor: true,
        ...(row.source_address ? { network: { address: row.source_address, type: '2' } } : {}),
      },
      ...(row.agent_organization
        ? [
            {
              type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PROV', display: 'healthcare provider' }] },
              who: { identifier: { system: IdentifierSystem.Organisasjonsnummer, value: row.agent_organization } },
              requestor: false,
            },
          ]
        : []),
    ],
    source: {
      observer: { display: 'Bro' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    entity: [
      ...(row.entity_type && row.entity_id
        ? [
            {
              what: { reference: `${row.entity_type}/${row.entity_id}${row.entity_version ? `/_history/${row.entity_version}` : ''}` },
              type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
              ...(row.query ? { query: Buffer.from(row.query).toString('base64') } : {}),
            },
          ]
        : []),
      ...(row.patient
        ? [
            {
              what: { reference: row.patient },
              type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
              role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
            },
          ]
        : []),
    ],
  };
}
