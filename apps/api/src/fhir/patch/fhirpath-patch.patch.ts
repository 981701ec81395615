import { Resource } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { ElementLocation, FhirPathError, elementOf, locate } from './fhirpath.adapter';
import { ResourcePatch } from './resource-patch';

/** More operations than any real change needs, as for JSON Patch. */
const MAX_OPERATIONS = 1000;
const TYPES = ['add', 'insert', 'delete', 'replace', 'move'] as const;
type OperationType = (typeof TYPES)[number];

interface Part {
  name?: unknown;
  part?: Part[];
  [valueX: string]: unknown;
}

interface PatchOperation {
  index: number;
  type: OperationType;
  path: string;
  name?: string;
  value?: unknown;
  hasValue: boolean;
  at?: number;
  source?: number;
  destination?: number;
}

const invalid = (where: string, diagnostics: string) => DomainError.badRequest(`FHIRPath Patch ${where}: ${diagnostics}`, `Parameters.${where}`);
const doesNotFit = (where: string, diagnostics: string) => DomainError.unprocessable(`FHIRPath Patch ${where}: ${diagnostics}`, `Parameters.${where}`);

/** A part's `value[x]`, or the object its sub-parts make (an anonymous type such as a backbone element). */
function valueOf(part: Part, where: string): { found: boolean; value?: unknown } {
  const key = Object.keys(part).find((k) => k.startsWith('value'));
  if (key) return { found: true, value: part[key] };
  if (!Array.isArray(part.part)) return { found: false };
  const value: Record<string, unknown> = {};
  for (const [i, sub] of part.part.entries()) {
    if (!sub || typeof sub !== 'object' || typeof sub.name !== 'string') throw invalid(`${where}.part[${i}]`, 'every part of a value needs a name');
    const inner = valueOf(sub, `${where}.part[${i}]`);
    if (!inner.found) throw invalid(`${where}.part[${i}]`, 'needs a value[x] or parts');
    const existing = value[sub.name];
    value[sub.name] = existing === undefined ? inner.value : Array.isArray(existing) ? [...existing, inner.value] : [existing, inner.value];
  }
  return { found: true, value };
}

function integerOf(part: Part | undefined, where: string): number | undefined {
  if (!part) return undefined;
  if (!Number.isInteger(part.valueInteger) || (part.valueInteger as number) < 0) throw invalid(where, 'must be a valueInteger of 0 or more');
  return part.valueInteger as number;
}

function parseOperations(body: unknown): PatchOperation[] {
  const parameters = body as { resourceType?: unknown; parameter?: unknown } | undefined;
  if (!parameters || typeof parameters !== 'object' || parameters.resourceType !== 'Parameters' || !Array.isArray(parameters.parameter)) {
    throw DomainError.badRequest('a FHIRPath Patch is a Parameters resource with an "operation" parameter per change');
  }
  if (parameters.parameter.length === 0) throw DomainError.badRequest('a FHIRPath Patch needs at least one operation');
  if (parameters.parameter.length > MAX_OPERATIONS) throw DomainError.badRequest(`a FHIRPath Patch may hold at most ${MAX_OPERATIONS} operations`);
  return (parameters.parameter as Part[]).map((parameter, index) => {
    const where = `parameter[${index}]`;
    if (!parameter || typeof parameter !== 'object' || parameter.name !== 'operation' || !Array.isArray(parameter.part)) {
      throw invalid(where, 'must be named "operation" and carry parts (type, path, ...)');
    }
    const parts = new Map<string, Part>();
    for (const part of parameter.part) {
      if (!part || typeof part !== 'object' || typeof part.name !== 'string') throw invalid(where, 'every part needs a name');
      if (parts.has(part.name)) throw invalid(where, `the part "${part.name}" is given twice`);
      parts.set(part.name, part);
    }
    const type = parts.get('type')?.valueCode;
    if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) throw invalid(`${where}.type`, `must be one of ${TYPES.join(', ')}`);
    const path = parts.get('path')?.valueString;
    if (typeof path !== 'string' || !path.trim()) throw invalid(`${where}.path`, 'must be a FHIRPath expression (valueString)');
    const name = parts.get('name')?.valueString;
    if (type === 'add' && (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(name))) throw invalid(`${where}.name`, 'add needs the name of the element to add (valueString)');
    const valuePart = parts.get('value');
    const value = valuePart ? valueOf(valuePart, `${where}.value`) : { found: false };
    if (['add', 'insert', 'replace'].includes(type) && !value.found) throw invalid(`${where}.value`, `${type} needs a value`);
    const operation: PatchOperation = {
      index,
      type: type as OperationType,
      path,
      name: typeof name === 'string' ? name : undefined,
      value: value.value,
      hasValue: value.found,
      at: integerOf(parts.get('index'), `${where}.index`),
      source: integerOf(parts.get('source'), `${where}.source`),
      destination: integerOf(parts.get('destination'), `${where}.destination`),
    };
    if (type === 'insert' && operation.at === undefined) throw invalid(`${where}.index`, 'insert needs an index');
    if (type === 'move' && (operation.source === undefined || operation.destination === undefined)) throw invalid(where, 'move needs a source and a destination');
    return operation;
  });
}

function find(resource: Resource, path: string, where: string): ElementLocation[] {
  try {
    return locate(resource, path);
  } catch (error) {
    if (error instanceof FhirPathError) throw invalid(`${where}.path`, `"${path.slice(0, 200)}" is not a FHIRPath expression Bro can evaluate: ${error.message}`);
    throw error;
  }
}

function single(resource: Resource, path: string, where: string): ElementLocation {
  const found = find(resource, path, where);
  if (found.length !== 1) throw doesNotFit(`${where}.path`, `"${path.slice(0, 200)}" must match exactly one element, and matches ${found.length}`);
  return found[0];
}

/** The list a path ends in (`Patient.name`): its owner and name, found through the owner so an empty list still has a place. */
function listAt(resource: Resource, path: string, where: string): { owner: Record<string, unknown>; name: string; list: unknown[] } {
  const split = /^(.*)\.([A-Za-z][A-Za-z0-9]*)$/.exec(path.trim());
  if (!split) throw invalid(`${where}.path`, `"${path.slice(0, 200)}" must name a list, such as Patient.name`);
  const owner = single(resource, split[1], where);
  const container = owner.value as Record<string, unknown>;
  if (!container || typeof container !== 'object') throw doesNotFit(`${where}.path`, `"${split[1]}" is not an element with children`);
  if (!elementOf(owner.type, owner.modelPath, split[2])?.repeating) throw invalid(`${where}.path`, `"${path.slice(0, 200)}" is not a repeating element`);
  const list = container[split[2]];
  if (list !== undefined && !Array.isArray(list)) throw doesNotFit(`${where}.path`, `"${path.slice(0, 200)}" is not a list`);
  return { owner: container, name: split[2], list: (list as unknown[] | undefined) ?? [] };
}

function setAt(location: ElementLocation, value: unknown): void {
  const owner = location.owner!;
  if (location.index === null) owner[location.name] = value;
  else (owner[location.name] as unknown[])[location.index] = value;
}

function removeAt(location: ElementLocation): void {
  const owner = location.owner!;
  if (location.index === null) {
    delete owner[location.name];
    return;
  }
  const list = owner[location.name] as unknown[];
  list.splice(location.index, 1);
  if (list.length === 0) delete owner[location.name];
}

function applyOne(resource: Resource, operation: PatchOperation): void {
  const where = `parameter[${operation.index}]`;
  switch (operation.type) {
    case 'add': {
      const target = single(resource, operation.path, where);
      const container = target.value as Record<string, unknown>;
      if (!container || typeof container !== 'object' || Array.isArray(container)) throw doesNotFit(`${where}.path`, `"${operation.path}" is not an element with children`);
      const element = elementOf(target.type, target.modelPath, operation.name!);
      if (!element) throw invalid(`${where}.name`, `${target.type ?? 'the element'} has no element "${operation.name}" in FHIR R4`);
      const existing = container[operation.name!];
      if (element.repeating) container[operation.name!] = [...(Array.isArray(existing) ? existing : []), operation.value];
      else if (existing !== undefined) throw doesNotFit(`${where}.name`, `"${operation.name}" is already there and does not repeat; use replace`);
      else container[operation.name!] = operation.value;
      return;
    }
    case 'insert': {
      const { owner, name, list } = listAt(resource, operation.path, where);
      if (operation.at! > list.length) throw doesNotFit(`${where}.index`, `${operation.at} is beyond the end of a list of ${list.length}`);
      owner[name] = [...list.slice(0, operation.at), operation.value, ...list.slice(operation.at)];
      return;
    }
    case 'delete': {
      const found = find(resource, operation.path, where);
      if (found.length > 1) throw doesNotFit(`${where}.path`, `"${operation.path.slice(0, 200)}" matches ${found.length} elements; delete takes one`);
      if (found.length === 1) {
        if (!found[0].owner) throw invalid(`${where}.path`, 'the resource itself is deleted with DELETE, not patched away');
        removeAt(found[0]);
      }
      return;
    }
    case 'replace': {
      const target = single(resource, operation.path, where);
      if (!target.owner) throw invalid(`${where}.path`, 'replacing the whole resource is an update; send it with PUT');
      setAt(target, operation.value);
      return;
    }
    case 'move': {
      const { owner, name, list } = listAt(resource, operation.path, where);
      if (operation.source! >= list.length || operation.destination! >= list.length) {
        throw doesNotFit(where, `source ${operation.source} and destination ${operation.destination} must be within a list of ${list.length}`);
      }
      const moved = [...list];
      const [item] = moved.splice(operation.source!, 1);
      moved.splice(operation.destination!, 0, item);
      owner[name] = moved;
      return;
    }
  }
}

/**
 * A FHIRPath Patch (a Parameters resource of add, insert, delete, replace and move operations, as R4's
 * fhirpatch.html defines them), applied in order to a copy of the resource. 400 for a patch that is
 * wrong in itself (shape, a path that does not parse, an element R4 does not have); 422 for one that
 * does not fit this resource (a path that matches nothing or several, an index out of range).
 */
export function fhirPathPatch(body: unknown): ResourcePatch {
  const operations = parseOperations(body);
  return {
    format: 'FHIRPath Patch',
    apply(resource: Resource): Resource {
      const patched = structuredClone(resource);
      for (const operation of operations) applyOne(patched, operation);
      return patched;
    },
  };
}
