import { PUBLISHED_CODE_SYSTEMS, Resource } from '@app/fhir';
import { FhirError } from './errors/fhir-error';

/**
 * Bro's own CodeSystems, served read-only from the code that defines them: they change with a
 * release, never through the API, so they are not stored resources.
 */
export function readCodeSystem(id: string): Resource {
  const found = PUBLISHED_CODE_SYSTEMS.find((codeSystem) => codeSystem.id === id);
  if (!found) throw FhirError.notFound(`CodeSystem/${id} does not exist; Bro publishes ${PUBLISHED_CODE_SYSTEMS.map((c) => c.id).join(', ')}`);
  return found;
}

/** `GET CodeSystem?url=...` (or all of them). */
export function searchCodeSystems(params: Array<[string, string]>): Resource[] {
  const unsupported = params.filter(([name]) => !['url', '_count'].includes(name));
  if (unsupported.length) throw FhirError.badRequest(`CodeSystem is searched by url only, not ${unsupported.map(([n]) => n).join(', ')}`);
  const urls = params.filter(([name]) => name === 'url').map(([, value]) => value);
  return PUBLISHED_CODE_SYSTEMS.filter((codeSystem) => urls.length === 0 || urls.includes(String(codeSystem.url)));
}
