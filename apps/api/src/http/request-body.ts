import { DomainError } from '../common/errors/domain-error';
import { NUL, findJsonLimitViolation } from '../common/json-limits';

type FieldType = 'string' | 'integer' | 'object-array';

export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  maxLength?: number;
  oneOf?: readonly string[];
}

export type BodyShape = Record<string, FieldSpec>;

type ValueOf<S extends FieldSpec> = S['type'] extends 'integer' ? number : S['type'] extends 'object-array' ? Array<Record<string, unknown>> : string;

export type BodyOf<Shape extends BodyShape> = { [K in keyof Shape]: Shape[K]['required'] extends true ? ValueOf<Shape[K]> : ValueOf<Shape[K]> | undefined };

/**
 * Reads a JSON body of an /api endpoint against its shape: wrong types, missing fields and
 * fields the endpoint does not take are refused (no mass assignment), each named in the error.
 */
export function readBody<Shape extends BodyShape>(body: unknown, shape: Shape): BodyOf<Shape> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw DomainError.badRequest('the request body must be a JSON object');
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(key in shape));
  if (unknown.length) throw DomainError.badRequest(`unknown field ${unknown.join(', ')}; this endpoint takes ${Object.keys(shape).join(', ')}`, unknown[0]);
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(shape)) {
    const value = record[name];
    if (value === undefined || value === null || value === '') {
      if (spec.required) throw DomainError.badRequest(`${name} is required`, name);
      continue;
    }
    // Beyond 2^53 a number no longer stands for one whole number (1e308 is "a version" only in name).
    if (spec.type === 'integer' && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
      throw DomainError.badRequest(`${name} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`, name);
    }
    if (spec.type === 'string') {
      if (typeof value !== 'string') throw DomainError.badRequest(`${name} must be text`, name);
      // PostgreSQL cannot store a NUL character; refused here rather than failing inside a write.
      if (value.includes(NUL)) throw DomainError.badRequest(`${name} contains a NUL character (U+0000), which cannot be stored`, name);
      if (spec.maxLength && value.length > spec.maxLength) throw DomainError.badRequest(`${name} is longer than ${spec.maxLength} characters`, name);
      if (spec.oneOf && !spec.oneOf.includes(value)) throw DomainError.badRequest(`${name} must be one of ${spec.oneOf.join(', ')}`, name);
    }
    if (spec.type === 'object-array' && !(Array.isArray(value) && value.every((item) => item && typeof item === 'object' && !Array.isArray(item)))) {
      throw DomainError.badRequest(`${name} must be a list of objects`, name);
    }
    if (spec.type === 'object-array') {
      const violation = findJsonLimitViolation(value, name);
      if (violation) throw DomainError.badRequest(violation.diagnostics, name);
    }
    result[name] = value;
  }
  return result as BodyOf<Shape>;
}

/** Takes fields readBody has no type for (a yes/no, an object) out of a body, so the rest is read against its shape. */
export function splitBody(body: unknown, names: readonly string[]): { rest: unknown; taken: Record<string, unknown> } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { rest: body, taken: {} };
  const rest: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const taken: Record<string, unknown> = {};
  for (const name of names) {
    if (name in rest) taken[name] = rest[name];
    delete rest[name];
  }
  return { rest, taken };
}
