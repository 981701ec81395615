import { SearchParameterDefinition } from './search-parameter';
import type { ChainedFilter } from './chained-search';
import type { ReverseChainFilter } from './has-search';

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** One parameter occurrence: its values are OR-ed; several occurrences are AND-ed. */
export interface SearchFilter {
  parameter: SearchParameterDefinition | 'id' | 'lastUpdated';
  modifier?: 'missing' | 'not' | string;
  values: string[];
}

export interface SortKey {
  /** `_lastUpdated`, `_id` or a search parameter name. */
  name: string;
  descending: boolean;
  /** What a page cursor holds for this key. */
  valueKind: 'instant' | 'id' | 'text';
  /** The SQL sorted on; never NULL (see search-sort.ts). */
  expression: string;
}

export interface IncludeRequest {
  /** The type whose reference parameter is followed. */
  sourceType: string;
  parameter: SearchParameterDefinition;
  /** Optional narrowing to one target type (`Task:owner:PractitionerRole`). */
  targetType?: string;
  /** `_include:iterate`: followed from included resources too, not only from matches. */
  iterate?: boolean;
}

export interface SearchCursor {
  direction: 'next' | 'previous';
  /** The last (or first) row's value for each sort key, in the sort's order. */
  sortValues: string[];
  id: string;
}

/** The caller's access, as SQL: rows of a type the caller may see satisfy the condition it returns. */
export interface SearchAccess {
  visibleSql(resourceType: string, params: SqlParamsLike): string;
  /** Whether the caller's role and scopes allow the interaction on the type at all (absent: always). */
  may?(resourceType: string, interaction: 'read' | 'search'): boolean;
}

/** A parameter `Prefer: handling=lenient` let Bro leave out, and why: reported in the searchset. */
export interface IgnoredParameter {
  name: string;
  diagnostics: string;
}

export interface SqlParamsLike {
  add(value: unknown): string;
}

export interface SearchRequest {
  resourceType: string;
  filters: SearchFilter[];
  /** Keys in priority order; the id breaks ties. */
  sort: SortKey[];
  count: number;
  includes: IncludeRequest[];
  revIncludes: IncludeRequest[];
  total: 'accurate' | 'none';
  summaryCount: boolean;
  /** `_summary=true|text|data`: which part of each resource to return. */
  summary?: 'true' | 'text' | 'data';
  /** `_elements`: the top-level elements of each match to return. */
  elements?: string[];
  /** `reference.parameter`: resources whose reference points to one matching the parameter. */
  chains: ChainedFilter[];
  /** `_has:Type:reference:parameter`: resources other resources refer to. */
  reverseChains: ReverseChainFilter[];
  /** Parameters left out under `Prefer: handling=lenient`. */
  ignored: IgnoredParameter[];
  cursor?: SearchCursor;
  /** The cursor as the client sent it, for the `self` link. */
  rawCursor?: string;
  /** The query parameters that define the result set, without paging state, for building links. */
  definingParams: Array<[string, string]>;
  /** Narrows the matches, the total and every include to what the caller may see. */
  access?: SearchAccess;
}
