import { DomainError } from '../../common/errors/domain-error';
import { unsupportedParameter } from './lenient-handling';
import { SearchParameterDefinition } from './search-parameter';
import { searchParameterRegistry, tableNameOf } from './search-parameter.registry';
import { SearchFilter, SqlParamsLike } from './search-request';

/** `Task?patient.identifier=…`: the reference must point to a resource of one of `targets` that matches its filter. */
export interface ChainedFilter {
  /** The reference parameter of the searched type. */
  parameter: SearchParameterDefinition;
  /** Each target type searched, with the chained parameter as declared on that type. */
  targets: Array<{ type: string; filter: SearchFilter }>;
}

/** Parses `name=value` as a parameter of `resourceType` into its one filter (400 if it is not a filter). */
export type FilterParser = (resourceType: string, key: string, raw: string) => SearchFilter;

const RESULT_PARAMETERS_EVERYWHERE = ['_id', '_lastUpdated'];

/**
 * Reads `reference[:Type].parameter[:modifier]` (one level). Without `:Type`, a reference that may point
 * to several types is searched in every one of them that declares the parameter, as FHIR reads it:
 * `Task?owner.identifier=…` finds tasks owned by any practitioner, role, organisation or service with
 * that identifier. Deeper chains are refused.
 */
export function parseChain(resourceType: string, key: string, raw: string, parseFilter: FilterParser): ChainedFilter {
  const dot = key.indexOf('.');
  const [name, typeModifier, extra] = key.slice(0, dot).split(':');
  const chained = key.slice(dot + 1);
  if (chained.includes('.')) throw unsupportedParameter(`${key}: chains of more than one level are not supported`, key);
  if (extra !== undefined || !chained) throw DomainError.badRequest(`${key}: expected reference[:Type].parameter`, key);
  const parameter = searchParameterRegistry.parameter(resourceType, name);
  if (!parameter) throw unsupportedParameter(`${resourceType} has no search parameter "${name}"`, key);
  if (parameter.kind !== 'reference') throw DomainError.badRequest(`${key}: ${resourceType}.${name} is not a reference, so it cannot be chained`, key);
  const declared: string[] = parameter.targets ?? [];
  if (typeModifier !== undefined && !declared.includes(typeModifier)) {
    throw DomainError.badRequest(`${key}: ${resourceType}.${name} cannot point to ${typeModifier}; it points to ${declared.join(', ')}`, key);
  }
  const chainedName = chained.split(':')[0];
  const candidates = typeModifier !== undefined ? [typeModifier] : declared;
  const types = candidates.filter((type) => RESULT_PARAMETERS_EVERYWHERE.includes(chainedName) || searchParameterRegistry.parameter(type, chainedName));
  if (types.length === 0) {
    throw unsupportedParameter(`${key}: ${candidates.join(', ')} ${candidates.length === 1 ? 'has' : 'have'} no search parameter "${chainedName}"`, key);
  }
  return { parameter, targets: types.map((type) => ({ type, filter: parseFilter(type, chained, raw) })) };
}

/**
 * The chain as a condition on the searched table: its reference column among the references of the
 * target rows that match, and that the caller may see (`visible`): a chain through a resource they may
 * not see matches nothing, exactly as if that resource did not exist.
 */
export function chainCondition(
  chain: ChainedFilter,
  params: SqlParamsLike,
  condition: (filter: SearchFilter, params: SqlParamsLike) => string,
  visible: (resourceType: string, params: SqlParamsLike) => string,
): string {
  const references = chain.targets
    .map(({ type, filter }) => {
      const where = [condition(filter, params), visible(type, params)].filter((part) => part !== 'TRUE');
      return `SELECT ${params.add(`${type}/`)}::text || id FROM "${tableNameOf(type)}"${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    })
    .join(' UNION ALL ');
  const column = `"${chain.parameter.column}"`;
  return chain.parameter.multiple ? `${column} && ARRAY(${references})` : `${column} IN (${references})`;
}
