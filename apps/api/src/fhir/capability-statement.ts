import { Resource, SUPPORTED_RESOURCE_TYPES } from '@app/fhir';
import { searchParameterRegistry } from './search/search-parameter.registry';
import { websocketUrlOf } from '../subscriptions/websocket-endpoint';

const TYPE_LEVEL_INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];
const SEARCH_TYPES = { token: 'token', reference: 'reference', date: 'date' } as const;

/** What /metadata says, built from the same declarations that drive storage and search. */
/** Standard definitions of the system operations Bro may offer. */
const OPERATION_DEFINITIONS: Record<string, string> = {
  'process-message': 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message',
};

/** Operations on one resource of a type (`[base]/<Type>/<id>/$name`). */
const INSTANCE_OPERATIONS: Record<string, Array<{ name: string; definition: string }>> = {
  Subscription: [{ name: 'get-ws-binding-token', definition: 'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-get-ws-binding-token' }],
};

export function capabilityStatement(
  baseUrl: string,
  issuer: string,
  version: string,
  operations: string[] = [],
  readOnlyTypes: Array<Record<string, unknown>> = [],
): Resource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString().slice(0, 10),
    publisher: 'Bro',
    kind: 'instance',
    software: { name: 'Bro', version },
    implementation: { description: 'Bro: discharge and task-transfer collaboration between hospitals and GPs', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        // Where websocket Subscriptions are bound (R4's standard extension for it).
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket', valueUri: websocketUrlOf(baseUrl) }],
        security: {
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }],
          description: `Bearer access tokens (JWT) from the OpenID Connect issuer ${issuer} are required on every request except this one.`,
        },
        resource: SUPPORTED_RESOURCE_TYPES.map((type) => {
          const parameters = searchParameterRegistry.parametersOf(type);
          return {
            type,
            interaction: TYPE_LEVEL_INTERACTIONS.map((code) => ({ code })),
            versioning: 'versioned-update',
            readHistory: true,
            updateCreate: true,
            conditionalCreate: true,
            conditionalUpdate: true,
            conditionalDelete: 'single',
            searchInclude: parameters.filter((p) => p.kind === 'reference').map((p) => `${type}:${p.name}`),
            searchRevInclude: searchParameterRegistry.referencesTo(type).map((p) => `${p.resourceType}:${p.name}`),
            searchParam: [
              { name: '_id', type: 'token', documentation: 'Logical id' },
              { name: '_lastUpdated', type: 'date', documentation: 'When the resource last changed' },
              ...parameters.map((p) => ({ name: p.name, type: SEARCH_TYPES[p.kind], documentation: p.description })),
            ],
            ...(INSTANCE_OPERATIONS[type] ? { operation: INSTANCE_OPERATIONS[type] } : {}),
          };
        }).concat(readOnlyTypes as never[]),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        ...(operations.length
          ? { operation: operations.map((name) => ({ name, definition: OPERATION_DEFINITIONS[name] ?? `${baseUrl}/OperationDefinition/${name}` })) }
          : {}),
      },
    ],
  };
}
