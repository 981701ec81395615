import { SUPPORTED_RESOURCE_TYPES, SupportedResourceType } from '@app/fhir';
import { CompositeIndexDefinition, SearchParameterDefinition } from './search-parameter';
import { COMPOSITE_INDEXES, SEARCH_PARAMETERS } from './search-parameters';

/** A physical column holding extracted search values; several parameters may share one (patient/subject). */
export interface SearchColumn {
  name: string;
  kind: SearchParameterDefinition['kind'];
  multiple: boolean;
  /** The parameter whose paths fill this column (the first declared one). */
  source: SearchParameterDefinition;
}

export function tableNameOf(resourceType: string): string {
  return `fhir_${resourceType.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

class SearchParameterRegistry {
  private readonly byType = new Map<string, Map<string, SearchParameterDefinition>>();
  private readonly columnsByType = new Map<string, SearchColumn[]>();

  constructor(definitions: SearchParameterDefinition[], readonly compositeIndexes: CompositeIndexDefinition[]) {
    for (const type of SUPPORTED_RESOURCE_TYPES) {
      this.byType.set(type, new Map());
      this.columnsByType.set(type, []);
    }
    for (const definition of definitions) {
      const params = this.byType.get(definition.resourceType)!;
      if (params.has(definition.name)) throw new Error(`search parameter ${definition.resourceType}.${definition.name} declared twice`);
      params.set(definition.name, definition);
      const columns = this.columnsByType.get(definition.resourceType)!;
      const existing = columns.find((column) => column.name === definition.column);
      if (!existing) {
        columns.push({ name: definition.column, kind: definition.kind, multiple: definition.multiple, source: definition });
      } else if (
        existing.kind !== definition.kind ||
        existing.multiple !== definition.multiple ||
        existing.source.paths.join() !== definition.paths.join()
      ) {
        throw new Error(`search parameters sharing column ${definition.column} must share kind, cardinality and paths`);
      }
    }
  }

  parameter(resourceType: string, name: string): SearchParameterDefinition | undefined {
    return this.byType.get(resourceType)?.get(name);
  }

  parametersOf(resourceType: string): SearchParameterDefinition[] {
    return [...(this.byType.get(resourceType)?.values() ?? [])];
  }

  columnsOf(resourceType: string): SearchColumn[] {
    return this.columnsByType.get(resourceType) ?? [];
  }

  /** Reference parameters, for `_include` / `_revinclude`. */
  referenceParameter(resourceType: string, name: string): SearchParameterDefinition | undefined {
    const parameter = this.parameter(resourceType, name);
    return parameter?.kind === 'reference' ? parameter : undefined;
  }

  /** Reference parameters of any type that can point at `targetType` (for `_revinclude` in the CapabilityStatement). */
  referencesTo(targetType: SupportedResourceType): SearchParameterDefinition[] {
    return SEARCH_PARAMETERS.filter((p) => p.kind === 'reference' && p.targets?.includes(targetType));
  }
}

export const searchParameterRegistry = new SearchParameterRegistry(SEARCH_PARAMETERS, COMPOSITE_INDEXES);
export type { SearchParameterRegistry };
