import { SupportedResourceType } from '@app/fhir';

/**
 * token: codes, Codings, CodeableConcepts and Identifiers; reference: `Type/id` links;
 * date: dates, dateTimes, instants and Periods, stored as a [start, end] range; string: text matched
 * case- and accent-insensitively from the start, or anywhere (`:contains`), or exactly (`:exact`); uri: a
 * URI stored as it is and matched whole.
 */
export type SearchParameterKind = 'token' | 'reference' | 'date' | 'string' | 'uri';

/**
 * One search parameter, declared once. This declaration drives value extraction on write,
 * the SQL of a search, the schema (columns and indexes) and the CapabilityStatement.
 */
export interface SearchParameterDefinition {
  resourceType: SupportedResourceType;
  /** The name clients use in the query string, e.g. `owner`. */
  name: string;
  kind: SearchParameterKind;
  /** Where the value sits: dotted element paths from the resource root; arrays are walked through. */
  paths: string[];
  /** Column (for dates: column prefix for `<column>_start` / `<column>_end`). */
  column: string;
  /**
   * Whether a resource can carry several values. Single-valued parameters get a scalar column
   * (usable in composite b-tree indexes); multi-valued ones a text[] column with a GIN index.
   */
  multiple: boolean;
  /**
   * For token parameters on a bare `code` element (Task.status): the code system the code belongs to
   * by its binding. `system|code` matches only with this system; no other system, and no "no system".
   */
  system?: string;
  /** For reference parameters: resource types the reference may point to (drives `_include`). */
  targets?: SupportedResourceType[];
  description: string;
}

/** A b-tree index over several columns for a search the product runs constantly (the GP inbox). */
export interface CompositeIndexDefinition {
  resourceType: SupportedResourceType;
  name: string;
  columns: string[];
}
