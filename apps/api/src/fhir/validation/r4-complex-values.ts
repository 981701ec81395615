/**
 * The one check Medplum's R4 validator leaves out: that a complex datatype (CodeableConcept, a
 * backbone element, a contained resource) is a JSON object. It walks into whatever sits there, so a
 * string turns into one "additional property" per character and a number or boolean passes.
 * Read from the same StructureDefinitions, so it needs no list of its own.
 */
import { getElementDefinition, isComplexTypeCode, tryGetDataType } from '@medplum/core';
import { ValidationIssue } from '@app/fhir';

type JsonObject = Record<string, unknown>;
type ElementDefinition = NonNullable<ReturnType<typeof getElementDefinition>>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The type a property holds: its element's type, or for `value[x]` the one its name ends with. */
function typeOfProperty(element: ElementDefinition, property: string): string | undefined {
  if (!element.path.endsWith('[x]')) return element.type[0]?.code;
  const base = element.path.slice(element.path.lastIndexOf('.') + 1, -3);
  return element.type.find(({ code }) => property === base + code.charAt(0).toUpperCase() + code.slice(1))?.code;
}

function walk(value: JsonObject, typeName: string, path: string, into: ValidationIssue[]): void {
  for (const property in value) {
    if (property === 'resourceType' || property.charCodeAt(0) === 95 /* _ */) continue;
    const element = getElementDefinition(typeName, property);
    const type = element && typeOfProperty(element, property);
    if (!type) continue; // unknown elements are the validator's to report
    const item = value[property];
    const items = Array.isArray(item) ? item : [item];
    items.forEach((entry: unknown, index) => {
      const where = `${path}.${property}${Array.isArray(item) ? `[${index}]` : ''}`;
      if (entry === null || entry === undefined) return;
      if (type === 'Resource') {
        if (isObject(entry) && typeof entry.resourceType === 'string' && tryGetDataType(entry.resourceType)) walk(entry, entry.resourceType, where, into);
        return;
      }
      if (!isComplexTypeCode(type)) return;
      if (isObject(entry)) walk(entry, type, where, into);
      else into.push({ severity: 'error', code: 'structure', expression: where, diagnostics: `Must be a JSON object (${type}), not ${JSON.stringify(entry).slice(0, 40)}` });
    });
  }
}

/** Every place in `resource` where a JSON object belongs and something else is. */
export function complexValueIssues(resource: JsonObject & { resourceType: string }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (tryGetDataType(resource.resourceType)) walk(resource, resource.resourceType, resource.resourceType, issues);
  return issues;
}
