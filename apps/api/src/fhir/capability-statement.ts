import { Resource, SUPPORTED_RESOURCE_TYPES } from '@app/fhir';
import { searchParameterRegistry } from './search/search-parameter.registry';
import { FhirOperations } from './fhir-operations';
import { searchFeaturesDocumentation } from './search/search-features.documentation';

const TYPE_LEVEL_INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];
const SEARCH_TYPES = { token: 'token', reference: 'reference', date: 'date', string: 'string', uri: 'uri' } as const;

/**
 * What /metadata says, built from the same declarations that drive storage and search, and from
 * what features registered: their operations (at every level) and `rest` extensions.
 */
export function capabilityStatement(
  baseUrl: string,
  issuer: string,
  version: string,
  operations: Pick<FhirOperations, 'listed'>,
  readOnlyTypes: Array<Record<string, unknown>> = [],
  restExtensions: Array<Record<string, unknown>> = [],
): Resource {
  const systemOperations = operations.listed('system');
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
    // JSON Patch, and FHIRPath Patch (a Parameters resource sent as FHIR JSON).
    patchFormat: ['application/json-patch+json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        ...(restExtensions.length ? { extension: restExtensions } : {}),
        security: {
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }],
          description: `Bearer access tokens (JWT) from the OpenID Connect issuer ${issuer} are required on every request except this one.`,
        },
        resource: SUPPORTED_RESOURCE_TYPES.map((type) => {
          const parameters = searchParameterRegistry.parametersOf(type);
          return {
            type,
            documentation: searchFeaturesDocumentation(type),
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
            ...(() => {
              // An operation offered at both levels ($validate) is one entry: R4 lists it by name.
              const both = [...operations.listed('type', type), ...operations.listed('instance', type)];
              const onType = both.filter((operation, index) => both.findIndex((other) => other.name === operation.name) === index);
              return onType.length ? { operation: onType } : {};
            })(),
          };
        }).concat(readOnlyTypes as never[]),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        ...(systemOperations.length ? { operation: systemOperations } : {}),
      },
    ],
  };
}
