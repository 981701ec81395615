import { Resource } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { TopLevelElements, isElement, topLevelElementsOf } from './resource-elements';

/** The tag FHIR asks for on a resource that is not whole, so nobody writes it back over the complete one. */
export const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

export type SummaryMode = 'true' | 'text' | 'data';

export interface Subsetting {
  summary?: SummaryMode;
  elements?: string[];
}

/** `_summary`: `count` and `false` change no resource; the parser reads `count` itself. */
export function parseSummary(raw: string): SummaryMode | 'count' | 'false' {
  if (raw === 'true' || raw === 'text' || raw === 'data' || raw === 'count' || raw === 'false') return raw;
  throw DomainError.badRequest(`_summary must be true, text, data, count or false, got "${raw}"`, '_summary');
}

/** `_elements=identifier,status`: top-level elements of the type (a choice by its name without `[x]`, or one of its forms). */
export function parseElements(resourceType: string, raw: string): string[] {
  const names = raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw DomainError.badRequest('_elements needs at least one element name', '_elements');
  const declared = topLevelElementsOf(resourceType)?.all ?? [];
  for (const name of names) {
    if (name.includes('.')) throw DomainError.badRequest(`_elements: "${name}" is not a top-level element; FHIR R4 names elements at the root only`, '_elements');
    const known = declared.some((element) => element === name || element === `${name}[x]` || isElement(element, name));
    if (!known) throw DomainError.badRequest(`_elements: ${resourceType} has no element "${name}"`, '_elements');
  }
  return names;
}

const ALWAYS = ['resourceType', 'id', 'meta'];

/** Which top-level elements (declared names) a subset keeps, besides resourceType, id and meta. */
function keptElements(subsetting: Subsetting, declared: TopLevelElements): string[] | 'all-but-text' {
  switch (subsetting.summary) {
    case 'data':
      return 'all-but-text';
    case 'text':
      return ['text', ...declared.mandatory];
    // A modifier extension can change what everything else means: a subset never drops it.
    case 'true':
      return [...declared.summary, ...declared.mandatory, 'modifierExtension'];
  }
  const asked = subsetting.elements ?? [];
  // `value` asks for the choice `value[x]`; `valueQuantity` for that form only.
  const chosen = declared.all.filter((element) => asked.some((name) => element === name || element === `${name}[x]`));
  return [...chosen, ...asked, ...declared.mandatory, 'modifierExtension'];
}

/**
 * The resource cut down to what `_summary` or `_elements` asks for, tagged SUBSETTED; unchanged when
 * neither asks for anything. Mandatory elements, `id`, `meta` and `resourceType` always stay, and so
 * does each kept primitive's `_element` (its id and extensions).
 */
export function subsetResource(resource: Resource, subsetting: Subsetting, elementsOf = topLevelElementsOf): Resource {
  if (!subsetting.summary && !subsetting.elements) return resource;
  const declared = elementsOf(resource.resourceType) ?? { all: [], summary: [], mandatory: [] };
  const kept = keptElements(subsetting, declared);
  const keeps = (property: string): boolean => {
    const name = property.startsWith('_') ? property.slice(1) : property;
    if (ALWAYS.includes(name)) return true;
    return kept === 'all-but-text' ? name !== 'text' : kept.some((element) => isElement(element, name));
  };
  const subset: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(resource)) if (keeps(property)) subset[property] = value;
  const meta = (resource.meta ?? {}) as { tag?: Array<{ system?: string; code?: string }> };
  const tags = meta.tag ?? [];
  const tagged = tags.some((tag) => tag.system === SUBSETTED.system && tag.code === SUBSETTED.code);
  subset.meta = { ...meta, tag: tagged ? tags : [...tags, SUBSETTED] };
  return subset as Resource;
}

/** `_summary` and `_elements` on a read (`GET Patient/1?_summary=true`); other parameters are not the subset's to judge. */
export function readSubsetting(resourceType: string, params: Array<[string, string]>): Subsetting {
  const subsetting: Subsetting = {};
  for (const [name, raw] of params) {
    if (name === '_summary') {
      const summary = parseSummary(raw);
      if (summary === 'count') throw DomainError.badRequest('_summary=count counts search matches; a read returns one resource', '_summary');
      if (summary !== 'false') subsetting.summary = summary;
    } else if (name === '_elements') {
      subsetting.elements = parseElements(resourceType, raw);
    }
  }
  if (subsetting.summary && subsetting.elements) throw DomainError.badRequest('_elements and _summary cannot be combined; ask for one subset', '_elements');
  return subsetting;
}
