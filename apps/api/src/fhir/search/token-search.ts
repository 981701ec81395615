import { SearchParameterDefinition } from './search-parameter';
import { SqlParamsLike } from './search-request';
import { tokenSearchKey } from './token';

/**
 * A search value against a single-valued column that holds a bare code: the code to compare, the
 * system the stored element must carry (for a Coding, which carries its own), or nothing at all when
 * the value names a system the element can never have.
 */
type CodeTerm = { code?: string; system?: string | null } | 'never';

function codeTerm(parameter: SearchParameterDefinition, value: string): CodeTerm {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  const system = value.slice(0, bar);
  const code = value.slice(bar + 1) || undefined;
  // A bare code's system is its binding's: any other (or "no system", `|code`) names codes it never holds.
  if (parameter.system !== undefined) return system === parameter.system ? { code } : 'never';
  return { code, system: system === '' ? null : system };
}

/** `resource #>> '{path,system}'`: the system of the Coding a single-valued token column was read from. */
function storedSystem(parameter: SearchParameterDefinition): string {
  const systems = parameter.paths.map((path) => `resource #>> '{${path.split('.').join(',')},system}'`);
  return systems.length === 1 ? systems[0] : `COALESCE(${systems.join(', ')})`;
}

function singleValuedCondition(parameter: SearchParameterDefinition, values: string[], params: SqlParamsLike): string {
  const column = `"${parameter.column}"`;
  const codes: string[] = [];
  const others: string[] = [];
  for (const value of values) {
    const term = codeTerm(parameter, value);
    if (term === 'never') continue;
    if (term.system === undefined) {
      if (term.code === undefined) others.push(`${column} IS NOT NULL`);
      else codes.push(term.code);
      continue;
    }
    const system = term.system === null ? `${storedSystem(parameter)} IS NULL` : `${storedSystem(parameter)} = ${params.add(term.system)}::text`;
    others.push(term.code === undefined ? system : `(${column} = ${params.add(term.code)}::text AND ${system})`);
  }
  // A plain `column = value` lets PostgreSQL walk a (column, last_updated, id) index in order and stop after a page.
  if (codes.length === 1) others.unshift(`${column} = ${params.add(codes[0])}::text`);
  else if (codes.length > 1) others.unshift(`${column} = ANY(${params.add(codes)}::text[])`);
  if (others.length === 0) return 'FALSE';
  return others.length === 1 ? others[0] : `(${others.join(' OR ')})`;
}

/** The condition for one occurrence of a token parameter: its values OR-ed, `:not` negating them. */
export function tokenCondition(
  parameter: SearchParameterDefinition,
  modifier: string | undefined,
  values: string[],
  params: SqlParamsLike,
): string {
  const matches = parameter.multiple
    ? `"${parameter.column}" && ${params.add(values.map(tokenSearchKey))}::text[]`
    : singleValuedCondition(parameter, values, params);
  // `:not` keeps resources without the element: for them the match is NULL, which must count as "no match".
  return modifier === 'not' ? `NOT COALESCE(${matches}, FALSE)` : matches;
}
