import { isStoredResourceType } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import type { FilterParser } from './chained-search';
import { unsupportedParameter } from './lenient-handling';
import { SearchParameterDefinition } from './search-parameter';
import { searchParameterRegistry, tableNameOf } from './search-parameter.registry';
import { SearchFilter, SqlParamsLike } from './search-request';

/** `Patient?_has:Task:patient:status=requested`: resources a `referringType` resource matching `filter` points to. */
export interface ReverseChainFilter {
  referringType: string;
  /** The referring type's reference parameter that must point at the searched resource. */
  reference: SearchParameterDefinition;
  filter: SearchFilter;
}

/** Reads `_has:Type:reference:parameter[:modifier]` (one level; a `_has` inside a `_has` is refused). */
export function parseReverseChain(resourceType: string, key: string, raw: string, parseFilter: FilterParser): ReverseChainFilter {
  const [, referringType, referenceName, ...rest] = key.split(':');
  const parameterKey = rest.join(':');
  if (!referringType || !referenceName || !parameterKey) throw DomainError.badRequest(`${key}: expected _has:Type:reference:parameter`, key);
  if (parameterKey.startsWith('_has')) throw unsupportedParameter(`${key}: _has inside _has is not supported`, key);
  if (!isStoredResourceType(referringType)) throw unsupportedParameter(`${key}: Bro does not serve the resource type "${referringType}"`, key);
  const reference = searchParameterRegistry.referenceParameter(referringType, referenceName);
  if (!reference) throw unsupportedParameter(`${key}: ${referringType} has no reference search parameter "${referenceName}"`, key);
  if (!reference.targets?.includes(resourceType as never)) {
    throw DomainError.badRequest(`${key}: ${referringType}.${referenceName} never points to ${resourceType}`, key);
  }
  return { referringType, reference, filter: parseFilter(referringType, parameterKey, raw) };
}

/**
 * The searched rows some visible referring row points to. Only referring rows the caller may see
 * count (`visible`), so a `_has` never tells them that a hidden resource exists.
 */
export function reverseChainCondition(
  resourceType: string,
  has: ReverseChainFilter,
  params: SqlParamsLike,
  condition: (filter: SearchFilter, params: SqlParamsLike) => string,
  visible: (resourceType: string, params: SqlParamsLike) => string,
): string {
  const prefix = `${resourceType}/`;
  const column = `"${has.reference.column}"`;
  const where = [condition(has.filter, params), visible(has.referringType, params)].filter((part) => part !== 'TRUE');
  const referring = `SELECT ${has.reference.multiple ? `unnest(${column})` : column} AS reference FROM "${tableNameOf(has.referringType)}"${
    where.length ? ` WHERE ${where.join(' AND ')}` : ''
  }`;
  const bound = params.add(prefix);
  return `id IN (SELECT substr(reference, ${prefix.length + 1}) FROM (${referring}) AS referring WHERE left(reference, ${prefix.length}) = ${bound}::text)`;
}
