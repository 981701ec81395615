import { Inject, Injectable } from '@nestjs/common';
import { compare as diffJson, applyPatch, Operation } from 'fast-json-patch';
import { Resource } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database, SqlClient } from '../database/sql-client';
import { FhirError } from './errors/fhir-error';
import { FhirSearchService, SearchResult } from './search/fhir-search.service';
import { parseSearchRequest } from './search/search-request.parser';
import { SearchRequest } from './search/search-request';
import { FhirHistoryService, HistoryPage, HistoryQuery } from './store/fhir-history.service';
import { FhirResourceStore, WriteResult } from './store/fhir-resource.store';
import { StoredResource } from './store/stored-resource';
import { ResourceWriteRule, WriteRuleContext } from './store/resource-write.rule';
import { Principal } from '../auth/principal';
import { assertValidResource } from './validation/resource-validation';

export interface CreateOptions {
  client?: SqlClient;
  /** Id chosen by the caller (a transaction assigns ids before writing so entries can refer to each other). */
  id?: string;
  deferReferenceCheck?: boolean;
  /** `If-None-Exist` search criteria (without the leading `?`). */
  ifNoneExist?: string;
  actor?: Principal;
  /** See {@link WriteRuleContext.decidedByService}. */
  decidedByService?: boolean;
}

export interface UpdateOptions {
  client?: SqlClient;
  /** The version the client changed (If-Match); a different current version answers 412. */
  ifMatch?: number;
  deferReferenceCheck?: boolean;
  actor?: Principal;
}

export interface DeleteOptions {
  client?: SqlClient;
  actor?: Principal;
}

export interface ConditionalWriteResult extends WriteResult {
  /** True when conditional create found the resource already there and wrote nothing. */
  existing?: boolean;
}

const CONDITIONAL_LOOKUP_COUNT = 2;

function queryPairs(query: string): Array<[string, string]> {
  return [...new URLSearchParams(query.replace(/^\?/, '')).entries()];
}

/**
 * The FHIR interactions, independent of HTTP: the REST controller, transaction Bundles and later
 * the hand-over and messaging services all write through here, so every write is validated,
 * versioned and searchable in the same way.
 */
@Injectable()
export class FhirService {
  readonly store: FhirResourceStore;
  private readonly searcher: FhirSearchService;
  private readonly historian: FhirHistoryService;
  private readonly writeRules = new Map<string, ResourceWriteRule>();

  constructor(
    readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.store = new FhirResourceStore(database, config.fhirBaseUrl);
    this.searcher = new FhirSearchService(database, config.fhirBaseUrl);
    this.historian = new FhirHistoryService(database, config.fhirBaseUrl);
  }

  /** Puts a domain rule (such as the Task state machine) on every write of a resource type. */
  registerWriteRule(resourceType: string, rule: ResourceWriteRule): void {
    if (this.writeRules.has(resourceType)) throw new Error(`${resourceType} already has a write rule`);
    this.writeRules.set(resourceType, rule);
  }

  /** Runs `work` in the given transaction, or in a new one. */
  inTransaction<T>(client: SqlClient | undefined, work: (client: SqlClient) => Promise<T>): Promise<T> {
    return client ? work(client) : this.database.transaction(work);
  }

  get baseUrl(): string {
    return this.config.fhirBaseUrl;
  }

  parseSearch(resourceType: string, params: Array<[string, string]>): SearchRequest {
    return parseSearchRequest(resourceType, params, this.config);
  }

  search(request: SearchRequest, client?: SqlClient): Promise<SearchResult> {
    return this.searcher.search(request, client);
  }

  history(query: Omit<HistoryQuery, 'count'> & { count?: string }): Promise<HistoryPage> {
    const count = query.count === undefined ? this.config.defaultPageSize : Number(query.count);
    if (!Number.isInteger(count) || count < 1 || count > this.config.maxPageSize) {
      throw FhirError.badRequest(`_count must be a whole number from 1 to ${this.config.maxPageSize}`, '_count');
    }
    return this.historian.history({ ...query, count });
  }

  read(resourceType: string, id: string, client?: SqlClient): Promise<StoredResource> {
    return this.store.read(resourceType, id, client);
  }

  vread(resourceType: string, id: string, versionId: string): Promise<StoredResource> {
    if (!/^\d+$/.test(versionId)) throw FhirError.notFound(`${resourceType}/${id} has no version "${versionId}"`);
    return this.store.vread(resourceType, id, Number(versionId));
  }

  /** Resources matching conditional criteria (at most two: enough to tell none, one and several apart). */
  async matchCriteria(resourceType: string, criteria: string, client?: SqlClient): Promise<Resource[]> {
    const pairs = queryPairs(criteria);
    if (pairs.length === 0) throw FhirError.badRequest('conditional criteria must not be empty');
    const request = this.parseSearch(resourceType, pairs);
    request.count = CONDITIONAL_LOOKUP_COUNT;
    request.total = 'none';
    return (await this.search(request, client)).matches;
  }

  async create(resourceType: string, body: unknown, options: CreateOptions = {}): Promise<ConditionalWriteResult> {
    const resource = assertValidResource(body, resourceType);
    const withoutId = { ...resource };
    delete withoutId.id;
    const rule = this.writeRules.get(resourceType);
    const criteria = options.ifNoneExist;
    if (!rule && !criteria) return this.store.create(withoutId, options);
    return this.inTransaction(options.client, async (client) => {
      if (criteria) {
        const existing = await this.findForConditionalCreate(resourceType, criteria, client);
        if (existing) return { ...this.asStored(existing), created: false, existing: true };
      }
      return this.createChecked(withoutId, { ...options, client });
    });
  }

  private async createChecked(resource: Resource, options: CreateOptions & { client: SqlClient; versionId?: number }): Promise<WriteResult> {
    const rule = this.writeRules.get(resource.resourceType);
    if (!rule) return this.store.create(resource, options);
    const context: WriteRuleContext = { client: options.client, actor: options.actor, ifMatchGiven: false, decidedByService: options.decidedByService };
    const prepared = await rule.prepare(resource, undefined, context);
    const result = await this.store.create(prepared, options);
    await rule.afterWrite?.(result, undefined, context);
    return result;
  }

  /**
   * The one resource matching If-None-Exist criteria, or undefined when there is none (412 when
   * several). Takes a transaction-scoped lock on the criteria first: two concurrent conditional
   * creates with the same criteria queue here, so the second sees the first one's row.
   */
  async findForConditionalCreate(resourceType: string, criteria: string, client: SqlClient): Promise<Resource | undefined> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${resourceType}?${criteria}`]);
    const matches = await this.matchCriteria(resourceType, criteria, client);
    if (matches.length > 1) throw FhirError.preconditionFailed(`If-None-Exist "${criteria}" matches more than one ${resourceType}`);
    return matches[0];
  }

  async update(resourceType: string, id: string, body: unknown, options: UpdateOptions = {}): Promise<WriteResult> {
    const resource = assertValidResource(body, resourceType, id);
    const rule = this.writeRules.get(resourceType);
    if (!rule) return this.store.update(resource, id, options);
    return this.inTransaction(options.client, (client) => this.updateChecked(resource, id, { ...options, client }, options.ifMatch !== undefined));
  }

  /** An update through the type's write rule; `ifMatchGiven` says whether the client sent If-Match. */
  private async updateChecked(resource: Resource, id: string, options: UpdateOptions & { client: SqlClient }, ifMatchGiven: boolean): Promise<WriteResult> {
    const rule = this.writeRules.get(resource.resourceType)!;
    const previous = await this.store.readForUpdate(resource.resourceType, id, options.client);
    if (!previous) {
      if (options.ifMatch !== undefined) {
        throw FhirError.preconditionFailed(`${resource.resourceType}/${id} does not exist, so If-Match cannot match`);
      }
      return this.createChecked(resource, { ...options, id, versionId: await this.store.nextVersionOf(resource.resourceType, id, options.client) });
    }
    if (options.ifMatch !== undefined && options.ifMatch !== previous.versionId) {
      throw FhirError.preconditionFailed(
        `${resource.resourceType}/${id} is at version ${previous.versionId}, not ${options.ifMatch}: read it again and re-apply your change`,
      );
    }
    const context: WriteRuleContext = { client: options.client, actor: options.actor, ifMatchGiven };
    const prepared = await rule.prepare(resource, previous, context);
    const result = await this.store.update(prepared, id, { ...options, ifMatch: previous.versionId });
    await rule.afterWrite?.(result, previous, context);
    return result;
  }

  /** PUT Type?criteria: update the one match, create when none, 412 when several. */
  async conditionalUpdate(resourceType: string, criteria: string, body: unknown, options: UpdateOptions = {}): Promise<WriteResult> {
    return this.inTransaction(options.client, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${resourceType}?${criteria}`]);
      const matches = await this.matchCriteria(resourceType, criteria, tx);
      if (matches.length > 1) throw FhirError.preconditionFailed(`"${criteria}" matches more than one ${resourceType}`);
      const resource = body as Resource;
      const within = { ...options, client: tx };
      if (matches.length === 0) {
        if (resource && typeof resource === 'object' && resource.id !== undefined) return this.update(resourceType, resource.id, body, within);
        return this.createChecked(assertValidResource(body, resourceType), within);
      }
      const id = matches[0].id!;
      const withId = resource && typeof resource === 'object' && resource.id === undefined ? { ...resource, id } : body;
      return this.update(resourceType, id, withId, within);
    });
  }

  /** JSON Patch (RFC 6902) applied to the current version, then stored as an update. */
  async patch(resourceType: string, id: string, operations: unknown, options: UpdateOptions = {}): Promise<WriteResult> {
    if (!Array.isArray(operations)) throw FhirError.badRequest('a JSON Patch body must be an array of operations');
    const { ifMatch } = options;
    return this.inTransaction(options.client, async (tx) => {
      const current = await this.store.read(resourceType, id, tx);
      if (ifMatch !== undefined && ifMatch !== current.versionId) {
        throw FhirError.preconditionFailed(`${resourceType}/${id} is at version ${current.versionId}, not ${ifMatch}`);
      }
      let patched: Resource;
      try {
        patched = applyPatch(structuredClone(current.resource), operations as Operation[], true, false).newDocument;
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        // A failed `test` operation is a precondition the client set, not a malformed patch.
        if ((error as { name?: string }).name === 'TEST_OPERATION_FAILED') throw FhirError.unprocessable(`JSON Patch test failed: ${message}`);
        throw FhirError.badRequest(`JSON Patch could not be applied: ${message}`);
      }
      const touchesMeta = diffJson(current.resource, patched).some((op) => op.path === '/id' || op.path === '/resourceType');
      if (touchesMeta) throw FhirError.badRequest('JSON Patch must not change id or resourceType');
      // The patch was computed from the version read above, so that is the version the write expects.
      const within = { ...options, client: tx, ifMatch: current.versionId };
      if (!this.writeRules.has(resourceType)) return this.update(resourceType, id, patched, within);
      return this.updateChecked(assertValidResource(patched, resourceType, id), id, within, ifMatch !== undefined);
    });
  }

  async delete(resourceType: string, id: string, options: DeleteOptions = {}) {
    const rule = this.writeRules.get(resourceType);
    if (!rule?.beforeDelete) return this.store.delete(resourceType, id, options.client);
    return this.inTransaction(options.client, async (client) => {
      const current = await this.store.readForUpdate(resourceType, id, client);
      if (current) await rule.beforeDelete!(current, { client, actor: options.actor, ifMatchGiven: false });
      return this.store.delete(resourceType, id, client);
    });
  }

  asStored(resource: Resource): StoredResource {
    return { resource, versionId: Number(resource.meta?.versionId ?? 1), lastUpdated: String(resource.meta?.lastUpdated ?? '') };
  }
}
