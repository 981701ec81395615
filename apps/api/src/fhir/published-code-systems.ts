import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { PUBLISHED_CODE_SYSTEMS, Resource } from '@app/fhir';
import { DomainError } from '../common/errors/domain-error';
import { ReadOnlyTypeProvider, ReadOnlyTypes } from './read-only-types';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';

/**
 * Bro's own CodeSystems, served read-only from the code that defines them: they change with a
 * release, never through the API, so they are not stored resources.
 */
@Injectable()
export class PublishedCodeSystems implements ReadOnlyTypeProvider, OnModuleInit {
  constructor(
    private readonly types: ReadOnlyTypes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.types.register('CodeSystem', this);
  }

  async read(id: string): Promise<Resource> {
    const found = PUBLISHED_CODE_SYSTEMS.find((codeSystem) => codeSystem.id === id);
    if (!found) throw DomainError.notFound(`CodeSystem/${id} does not exist; Bro publishes ${PUBLISHED_CODE_SYSTEMS.map((c) => c.id).join(', ')}`);
    return found;
  }

  /** `GET CodeSystem?url=...` (or all of them). */
  async search(params: Array<[string, string]>): Promise<Resource> {
    const unsupported = params.filter(([name]) => !['url', '_count'].includes(name));
    if (unsupported.length) throw DomainError.badRequest(`CodeSystem is searched by url only, not ${unsupported.map(([n]) => n).join(', ')}`);
    const urls = params.filter(([name]) => name === 'url').map(([, value]) => value);
    const matches = PUBLISHED_CODE_SYSTEMS.filter((codeSystem) => urls.length === 0 || urls.includes(String(codeSystem.url)));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      entry: matches.map((resource) => ({ fullUrl: `${this.config.fhirBaseUrl}/CodeSystem/${resource.id}`, resource, search: { mode: 'match' } })),
    };
  }

  capability() {
    return {
      interaction: [{ code: 'read' }, { code: 'search-type' }],
      searchParam: [{ name: 'url', type: 'uri', documentation: "The CodeSystem's canonical URL (Bro's own code systems, read-only)" }],
    };
  }
}
