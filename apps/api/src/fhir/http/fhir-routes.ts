import { isStoredResourceType } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';

/** The FHIR API's base path; everything under it answers as FHIR, unknown paths included. */
export const FHIR_BASE_PATH = '/fhir/R4';

/** A path under the base that Bro serves, and the methods it takes there. */
export interface FhirPath {
  /** What the path addresses, for the diagnostics of a refusal. */
  describes: string;
  methods: string[];
}

const INTERACTION_SEGMENTS = new Set(['_history', '_search', 'metadata']);

/**
 * Which path under `/fhir/R4` is which interaction, and the methods each takes: the one table both the
 * controller's guard (405 for a method a path does not take) and the fallback for unmatched requests
 * (404 for a path Bro does not serve) answer from, so no route is refused by hand. `readOnly` says
 * whether a type is one clients never write (the audit trail, Bro's code systems).
 */
export function fhirPathOf(segments: string[], readOnly: (type: string) => boolean): FhirPath | undefined {
  const [first, second, third, fourth, ...rest] = segments;
  if (rest.length) return undefined;
  if (first === undefined) return { describes: 'the base (transaction or batch)', methods: ['POST'] };
  if (first === 'metadata') return second === undefined ? { describes: 'the CapabilityStatement', methods: ['GET'] } : undefined;
  if (first === '_history') return second === undefined ? { describes: 'the history of every type', methods: ['GET'] } : undefined;
  if (first.startsWith('$')) return second === undefined ? { describes: `the operation ${first}`, methods: ['GET', 'POST'] } : undefined;
  const type = first;
  if (readOnly(type)) {
    // Read and search only: every write is a method the type does not take.
    if (third !== undefined || second?.startsWith('$') || (second !== undefined && INTERACTION_SEGMENTS.has(second))) return undefined;
    return { describes: second === undefined ? `${type} (read-only)` : `${type}/${second} (read-only)`, methods: ['GET'] };
  }
  if (!isStoredResourceType(type)) return undefined;
  if (second === undefined) return { describes: `the type ${type}`, methods: ['GET', 'POST', 'PUT', 'DELETE'] };
  if (second === '_search') return third === undefined ? { describes: `${type}/_search`, methods: ['POST'] } : undefined;
  if (second === '_history') return third === undefined ? { describes: `the history of ${type}`, methods: ['GET'] } : undefined;
  if (second.startsWith('$')) return third === undefined ? { describes: `the operation ${type}/${second}`, methods: ['GET', 'POST'] } : undefined;
  if (second === 'metadata') return undefined;
  if (third === undefined) return { describes: `${type}/${second}`, methods: ['GET', 'PUT', 'PATCH', 'DELETE'] };
  if (third === '_history') {
    if (fourth === undefined) return { describes: `the history of ${type}/${second}`, methods: ['GET'] };
    return { describes: `version ${fourth} of ${type}/${second}`, methods: ['GET'] };
  }
  if (third.startsWith('$') && fourth === undefined) return { describes: `the operation ${type}/${second}/${third}`, methods: ['GET', 'POST'] };
  return undefined;
}

/**
 * Why a request under the base cannot be served by the path it names, if it cannot: 404 for a path Bro
 * does not serve, 405 (with `Allow`) for a method the path does not take. HEAD goes where GET goes.
 */
export function routeRefusal(method: string, segments: string[], readOnly: (type: string) => boolean): DomainError | undefined {
  const path = fhirPathOf(segments, readOnly);
  const shown = `/${segments.join('/')}`;
  if (!path) {
    const [type] = segments;
    const unknownType = type !== undefined && /^[A-Z]/.test(type) && !isStoredResourceType(type) && !readOnly(type);
    return DomainError.notFound(unknownType ? `Bro does not serve the resource type "${type.slice(0, 64)}"` : `${shown.slice(0, 200)} is not a FHIR endpoint Bro serves`);
  }
  const asked = method === 'HEAD' ? 'GET' : method;
  if (path.methods.includes(asked)) return undefined;
  const error = DomainError.of(405, 'not-supported', `${path.describes} does not take ${method}; it takes ${path.methods.join(', ')}`);
  return new DomainError(error.status, error.issues, { Allow: path.methods.join(', ') });
}

/** The path's segments below the FHIR base, decoded; undefined for a path outside it. */
export function segmentsBelowBase(path: string): string[] | undefined {
  if (path !== FHIR_BASE_PATH && !path.startsWith(`${FHIR_BASE_PATH}/`)) return undefined;
  return path
    .slice(FHIR_BASE_PATH.length)
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}
