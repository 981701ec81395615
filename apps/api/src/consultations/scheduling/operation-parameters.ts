import { OperationCall } from '../../fhir/fhir-operations';

/** An operation's parameters as name-value pairs: the query string's, then those of a POSTed Parameters resource. */
export function operationParametersOf(call: OperationCall): Array<[string, string]> {
  const pairs = [...(call.params ?? [])];
  const body = call.body as { resourceType?: unknown; parameter?: unknown } | undefined;
  if (body && typeof body === 'object' && body.resourceType === 'Parameters' && Array.isArray(body.parameter)) {
    for (const parameter of body.parameter as Array<Record<string, unknown>>) {
      const valueKey = Object.keys(parameter).find((key) => key.startsWith('value'));
      if (typeof parameter.name !== 'string' || !valueKey) continue;
      const value = parameter[valueKey];
      // A Reference parameter carries its reference; everything else its text.
      pairs.push([parameter.name, value && typeof value === 'object' ? String((value as { reference?: unknown }).reference ?? '') : String(value)]);
    }
  }
  return pairs;
}
