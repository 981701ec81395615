import { OperationOutcomeIssue, Resource, ValidationIssue, isSupportedResourceType, validateResource } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { validateAgainstR4 } from './structure-definition-validator';

/** Issue codes that mean "this is not well-formed FHIR" (400) rather than "well-formed but not acceptable" (422). */
const STRUCTURAL = new Set(['structure', 'required', 'invalid', 'invariant']);

/** Whether Bro's own issue already says what an R4 issue says: at the same place, or around it. */
function alreadySaid(own: ValidationIssue[], r4: ValidationIssue): boolean {
  return own.some(
    ({ expression }) =>
      expression === r4.expression ||
      r4.expression.startsWith(`${expression}.`) ||
      r4.expression.startsWith(`${expression}[`),
  );
}

/**
 * R4's StructureDefinitions for the contained resources Bro's schemas do not model (a Medication, a
 * Substance, a type that does not exist), each validated on its own and reported at its place in the
 * container. Not for the whole resource: that costs a create about 0.2–0.8 ms of CPU and 18% of its
 * throughput (docs/benchmarks.md), while Bro's schemas already cover its own types.
 */
function containedIssues(resource: Resource): ValidationIssue[] {
  if (!Array.isArray(resource.contained)) return [];
  return resource.contained.flatMap((contained: unknown, index) => {
    const type = (contained as Resource | null)?.resourceType;
    if (typeof type !== 'string' || type === '' || isSupportedResourceType(type)) return [];
    const at = `${resource.resourceType}.contained[${index}]`;
    return validateAgainstR4(contained as Resource).map((issue) => ({
      ...issue,
      expression: issue.expression === type || issue.expression.startsWith(`${type}.`) ? at + issue.expression.slice(type.length) : `${at}.${issue.expression}`,
    }));
  });
}

/**
 * Every issue in a resource, errors and warnings: Bro's own rules (its types' R4 elements, Norwegian
 * identifiers and code systems, reference forms and targets, FHIR JSON's no-empty-values, narrative,
 * dom-2/3/4) and R4's StructureDefinitions for contained resources of every other type.
 */
export function resourceIssues(resource: Resource): ValidationIssue[] {
  const own = validateResource(resource);
  // Not a resource of a type Bro validates at all: nothing more to say.
  if (own.some((issue) => issue.expression.startsWith('Resource'))) return own;
  return [...own, ...containedIssues(resource).filter((issue) => !alreadySaid(own, issue))];
}

/** Bro's issues as FHIR's, each naming where in its diagnostics too (clients often show only those). */
export function outcomeIssuesOf(issues: ValidationIssue[]): OperationOutcomeIssue[] {
  return issues.map((issue) => ({
    severity: issue.severity,
    code: issue.code,
    diagnostics: `${issue.expression}: ${issue.diagnostics}`,
    expression: [issue.expression],
  }));
}

/** 400 for a resource that is not well-formed R4, 422 for one that is but breaks a rule. */
export function statusOf(errors: ValidationIssue[]): number {
  return errors.some((issue) => STRUCTURAL.has(issue.code)) ? 400 : 422;
}

/**
 * The resource a client sent, if it is one of the URL's type carrying the URL's id on update; a
 * DomainError (400) otherwise. Says nothing yet about its content: see {@link resourceIssues}.
 */
export function resourceOfRequest(body: unknown, expectedType: string, expectedId?: string): Resource {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw DomainError.badRequest('the request body must be a FHIR resource (a JSON object)');
  }
  const resource = body as Resource;
  if (resource.resourceType !== expectedType) {
    throw DomainError.badRequest(
      `resourceType is "${String(resource.resourceType)}" but this endpoint takes ${expectedType}`,
      `${expectedType}.resourceType`,
    );
  }
  if (expectedId !== undefined && resource.id !== expectedId) {
    throw DomainError.badRequest(
      resource.id === undefined
        ? `the resource must carry id "${expectedId}" to update ${expectedType}/${expectedId}`
        : `the resource id "${resource.id}" does not match the URL id "${expectedId}"`,
      `${expectedType}.id`,
    );
  }
  return resource;
}

/**
 * Checks a resource a client sent before anything is written: it must be the type of the URL,
 * carry the id of the URL on update, and pass the R4 and Norwegian checks of {@link resourceIssues}.
 */
export function assertValidResource(body: unknown, expectedType: string, expectedId?: string): Resource {
  const resource = resourceOfRequest(body, expectedType, expectedId);
  const errors = resourceIssues(resource).filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new DomainError(statusOf(errors), outcomeIssuesOf(errors));
  return resource;
}
