import { SearchParameterDefinition } from './search-parameter';

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

/** One parameter occurrence: its values are OR-ed; several occurrences are AND-ed. */
export interface SearchFilter {
  parameter: SearchParameterDefinition | 'id' | 'lastUpdated';
  modifier?: 'missing' | 'not' | string;
  values: string[];
}

export interface SortKey {
  /** `_lastUpdated`, `_id` or a date parameter name. */
  name: string;
  descending: boolean;
}

export interface IncludeRequest {
  /** The type whose reference parameter is followed. */
  sourceType: string;
  parameter: SearchParameterDefinition;
  /** Optional narrowing to one target type (`Task:owner:PractitionerRole`). */
  targetType?: string;
}

export interface SearchCursor {
  direction: 'next' | 'previous';
  sortValue: string;
  id: string;
}

/** The caller's access, as SQL: rows of a type the caller may see satisfy the condition it returns. */
export interface SearchAccess {
  visibleSql(resourceType: string, params: SqlParamsLike): string;
}

export interface SqlParamsLike {
  add(value: unknown): string;
}

export interface SearchRequest {
  resourceType: string;
  filters: SearchFilter[];
  sort: SortKey;
  count: number;
  includes: IncludeRequest[];
  revIncludes: IncludeRequest[];
  total: 'accurate' | 'none';
  summaryCount: boolean;
  cursor?: SearchCursor;
  /** The cursor as the client sent it, for the `self` link. */
  rawCursor?: string;
  /** The query parameters that define the result set, without paging state, for building links. */
  definingParams: Array<[string, string]>;
  /** Narrows the matches, the total and every include to what the caller may see. */
  access?: SearchAccess;
}
