import { Resource, ValidationIssue, validateResource } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';

/** Issue codes that mean "this is not well-formed FHIR" (400) rather than "well-formed but not acceptable" (422). */
const STRUCTURAL = new Set(['structure', 'required', 'invalid']);

/**
 * Checks a resource a client sent before anything is written: it must be the type of the URL,
 * carry the id of the URL on update, and pass the structural and Norwegian-identifier checks.
 */
export function assertValidResource(body: unknown, expectedType: string, expectedId?: string): Resource {
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
  const issues = validateResource(resource).filter((issue: ValidationIssue) => issue.severity === 'error');
  if (issues.length > 0) {
    const status = issues.some((issue) => STRUCTURAL.has(issue.code)) ? 400 : 422;
    throw new DomainError(
      status,
      issues.map((issue) => ({
        severity: 'error',
        code: issue.code,
        diagnostics: `${issue.expression}: ${issue.diagnostics}`,
        expression: [issue.expression],
      })),
    );
  }
  return resource;
}
