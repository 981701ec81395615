import { Resource } from '@app/fhir';
import { rangeOfElement } from './fhir-date-range';
import { normalizeReference } from './reference';
import { SearchColumn, searchParameterRegistry } from './search-parameter.registry';
import { codingsOf, tokenKeys } from './token';
import { valuesAtPath } from './element-path';
import { foldedSearchText } from './string-folding';
import { exactStringValue, foldedColumnOf } from './string-search';

/** Column name → value, ready to be bound to the INSERT/UPDATE of a resource row. */
export type SearchColumnValues = Array<{ column: string; value: string | string[] | null }>;

function referencesAt(resource: Resource, column: SearchColumn, baseUrl: string): string[] {
  const references: string[] = [];
  for (const path of column.source.paths) {
    for (const element of valuesAtPath(resource, path)) {
      const reference = (element as { reference?: unknown }).reference;
      if (typeof reference !== 'string') continue;
      const normalized = normalizeReference(reference, baseUrl);
      if (normalized && !references.includes(normalized)) references.push(normalized);
    }
  }
  return references;
}

function tokensAt(resource: Resource, column: SearchColumn): string[] {
  const keys = new Set<string>();
  for (const path of column.source.paths) {
    for (const element of valuesAtPath(resource, path)) {
      for (const { system: own, code } of codingsOf(element)) {
        // A bare code belongs to its binding's system (declared): `system|code` must find it there.
        const system = own ?? (typeof element === 'string' ? column.source.system : undefined);
        if (column.multiple) tokenKeys(system, code).forEach((key) => keys.add(key));
        else if (code !== undefined) keys.add(code);
      }
    }
  }
  return [...keys];
}

function stringsAt(resource: Resource, column: SearchColumn): string[] {
  const strings: string[] = [];
  for (const path of column.source.paths) {
    for (const element of valuesAtPath(resource, path)) if (typeof element === 'string') strings.push(element);
  }
  return strings;
}

/** Extracts every search column of a resource from the declarations; one pass per column, no SQL. */
export function extractSearchValues(resource: Resource, baseUrl: string): SearchColumnValues {
  const values: SearchColumnValues = [];
  for (const column of searchParameterRegistry.columnsOf(resource.resourceType)) {
    if (column.kind === 'date') {
      let range: { start: string; end: string } | undefined;
      for (const path of column.source.paths) {
        range = valuesAtPath(resource, path).map(rangeOfElement).find((r) => r !== undefined);
        if (range) break;
      }
      values.push({ column: `${column.name}_start`, value: range?.start ?? null });
      values.push({ column: `${column.name}_end`, value: range?.end ?? null });
      continue;
    }
    if (column.kind === 'string') {
      const strings = stringsAt(resource, column);
      const exact = [...new Set(strings.map(exactStringValue))];
      values.push({ column: column.name, value: column.multiple ? (exact.length ? exact : null) : (exact[0] ?? null) });
      values.push({ column: foldedColumnOf(column.name), value: foldedSearchText(strings) });
      continue;
    }
    const found = column.kind === 'reference' ? referencesAt(resource, column, baseUrl) : tokensAt(resource, column);
    if (column.multiple) values.push({ column: column.name, value: found.length ? found : null });
    else values.push({ column: column.name, value: found[0] ?? null });
  }
  return values;
}
