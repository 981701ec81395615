import { MAX_INCLUDED, MAX_ITERATE_ROUNDS } from './search-includes';
import { searchParameterRegistry } from './search-parameter.registry';
import { MAX_SORT_KEYS, isSortable } from './search-sort';

/**
 * What a type's searches offer beyond its parameters, for the CapabilityStatement: R4 has no element
 * for chains, `_has`, `:iterate`, `_sort`, `_summary` or `_elements`, so `rest.resource.documentation`
 * says it, built from the same declarations the parser follows.
 */
export function searchFeaturesDocumentation(resourceType: string): string {
  const parameters = searchParameterRegistry.parametersOf(resourceType as never);
  const references = parameters.filter((p) => p.kind === 'reference');
  const referredBy = searchParameterRegistry.referencesTo(resourceType as never);
  const sortable = parameters.filter(isSortable).map((p) => p.name);
  const lines = [
    references.length
      ? `Chained search, one level, on ${references.map((p) => `\`${p.name}\``).join(', ')}: \`<reference>[:<Type>].<parameter>\` with any search parameter of the target type; without \`:<Type>\` every target type declaring the parameter is searched. Deeper chains answer 400.`
      : undefined,
    referredBy.length
      ? `\`_has\`, one level: ${referredBy.map((p) => `\`_has:${p.resourceType}:${p.name}:<parameter>\``).join(', ')}.`
      : undefined,
    `\`_include:iterate\` and \`_revinclude:iterate\` follow included resources for up to ${MAX_ITERATE_ROUNDS} further rounds; at most ${MAX_INCLUDED} included resources per page. \`_include=*\` is not supported.`,
    `\`_sort\`: up to ${MAX_SORT_KEYS} keys among _id, _lastUpdated${sortable.length ? `, ${sortable.join(', ')}` : ''} (\`-\` for descending); resources without a value sort first ascending.`,
    '`_summary` true | text | data | count | false and `_elements` (top-level elements; matches only, not included resources), also on read. Subsetted resources carry the SUBSETTED tag.',
    '`_count` above the maximum page size gives a page of the maximum. `Prefer: handling=lenient` leaves out unknown parameters and modifiers and names them in an OperationOutcome entry (search.mode outcome); otherwise they answer 400.',
    'Chains, `_has` and includes only look at resources the caller may see, as the search itself does.',
  ];
  return lines.filter((line): line is string => line !== undefined).join('\n\n');
}
