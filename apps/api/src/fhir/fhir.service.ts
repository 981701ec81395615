import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { compare as diffJson } from 'fast-json-patch';
import { OutboxTopic, Resource, SUPPORTED_RESOURCE_TYPES, isStoredResourceType } from '@app/fhir';
import { OutboxEvent, OutboxWriter } from '../outbox/outbox.writer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database, SqlClient } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { FhirSearchService, SearchResult } from './search/fhir-search.service';
import { ParseOptions, parseSearchRequest } from './search/search-request.parser';
import { assertMayLookInto } from './search/search-joins.access';
import { SearchRequest } from './search/search-request';
import { FhirHistoryService, HistoryPage, HistoryQuery } from './store/fhir-history.service';
import { FhirResourceStore, WriteResult } from './store/fhir-resource.store';
import { tableNameOf } from './search/search-parameter.registry';
import { StoredResource } from './store/stored-resource';
import { LockedVersions } from './store/locked-versions';
import { ResourceWriteRule, WriteRuleContext } from './store/resource-write.rule';
import { WriteRuleRegistry } from './store/write-rule.registry';
import { Principal } from '../auth/principal';
import { AccessPolicy, RESOURCE_CLASS } from '../access/access-policy';
import { assertPatientRegistration } from '../access/patient-registration.rules';
import { AccessPolicyService } from '../access/access-policy.service';
import { AuditEntry, AuditSubtype, AuditTrailService } from '../audit/audit-trail.service';
import { SqlParams } from './search/search-sql.builder';
import { assertValidResource } from './validation/resource-validation';
import { withPatients } from './patient-of';
import { ResourcePatch } from './patch/resource-patch';
import { assertNoUnresolvedReference, localReferencesOf } from './store/reference-checker';
import { REFERRERS_NAMED, referrerConflict } from './store/referrer-conflict';

/**
 * Why a write may name patient-level resources the caller cannot see yet. Without it, every new
 * reference to a patient-level resource must point at one the caller may already see: a clinician
 * cannot create the link that would grant them access (a Task for any patient, naming themselves).
 */
export interface LinkContext {
  /** `Type/id` of what this same request created: new, so linking to it reveals nothing. */
  createdInRequest?: ReadonlySet<string>;
  /**
   * A hospital's discharge hand-over, which establishes the care relationship: its Patient may be
   * one the sender could not see before (found by fødselsnummer), as the hand-over is how they come to.
   */
  establishesCareRelationship?: boolean;
}

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
  link?: LinkContext;
  /** See {@link WriteAccess.access}. */
  access?: AccessPolicy;
}

/** Who writes, for a service that has already looked up the caller's access this request. */
export interface WriteAccess {
  actor?: Principal;
  /** The access policy of `actor`, built once for the request and used by every check of the write (never another caller's). */
  access?: AccessPolicy;
}

export interface UpdateOptions {
  client?: SqlClient;
  /** See {@link WriteRuleContext.decidedByService}. */
  decidedByService?: boolean;
  /** The version the client changed (If-Match); a different current version answers 412. */
  ifMatch?: number;
  deferReferenceCheck?: boolean;
  actor?: Principal;
  link?: LinkContext;
  /** See {@link WriteAccess.access}. */
  access?: AccessPolicy;
  /**
   * The version being changed, as {@link FhirService.readForUpdate} (or the previous update) in this
   * transaction answered it: the row is not read again. Anything else is ignored and the row is read.
   */
  current?: StoredResource;
  /**
   * What a Bro service tells the write rules about this write (why it makes it), seeding
   * {@link WriteRuleContext.scratch}: a rule reads the keys it knows and ignores the rest.
   */
  scratch?: ReadonlyMap<string, unknown>;
}

export interface ReadOptions {
  client?: SqlClient;
  /** The caller: their access policy narrows what they see, and what they see is audited. */
  actor?: Principal;
}

export interface DeleteOptions extends WriteAccess {
  client?: SqlClient;
  /**
   * Leave the check that nothing refers to the deleted resource to the caller: a transaction may
   * delete or re-point the referrers in other entries, so it checks once everything is written.
   */
  deferReferrerCheck?: boolean;
}

export interface ConditionalWriteResult extends WriteResult {
  /** True when conditional create found the resource already there and wrote nothing. */
  existing?: boolean;
}

const CONDITIONAL_LOOKUP_COUNT = 2;

/**
 * What system-level history covers: every stored type but Subscriptions, which belong to their
 * creators (one client's Subscriptions are no other's to list), and whose history is read one by one.
 */
const SYSTEM_HISTORY_TYPES: string[] = SUPPORTED_RESOURCE_TYPES.filter((type) => RESOURCE_CLASS[type] !== 'subscription');

/** Writes to these change what callers act for (see ActorScopeService). */
const DIRECTORY_TYPES = ['Organization', 'PractitionerRole', 'Practitioner', 'HealthcareService'];

/** The one outbox event of a stored version: which resource, which version, created or updated, and what the write rules added. */
function changed(resource: Resource, method: 'create' | 'update', facts: Record<string, unknown>): OutboxEvent {
  return {
    topic: OutboxTopic.ResourceChanged,
    resourceType: resource.resourceType,
    resourceId: resource.id,
    versionId: Number(resource.meta?.versionId),
    payload: { ...facts, method },
  };
}

/** The one patient (`Patient/<id>`) a search names, if it names exactly one: what emergency access may open. */
function namedPatient(request: SearchRequest): string | undefined {
  for (const filter of request.filters) {
    if (filter.values.length !== 1 || filter.modifier) continue;
    const value = filter.values[0];
    if (request.resourceType === 'Patient' && filter.parameter === 'id') return `Patient/${value}`;
    if (typeof filter.parameter !== 'object' || (filter.parameter.name !== 'patient' && filter.parameter.name !== 'subject')) continue;
    if (!value.includes('/')) return `Patient/${value}`;
    const local = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(value);
    if (local) return `Patient/${local[1]}`;
  }
  return undefined;
}

/** The body with `id` filled in when it carries none (a mismatching one is left for validation to refuse). */
export function withId(body: unknown, id: string): unknown {
  return body && typeof body === 'object' && !Array.isArray(body) && (body as Resource).id === undefined ? { ...(body as Resource), id } : body;
}

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
  private readonly writeRules = new WriteRuleRegistry();
  private readonly locked = new LockedVersions();

  constructor(
    readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicyService,
    private readonly audit: AuditTrailService,
    private readonly outbox: OutboxWriter,
  ) {
    this.store = new FhirResourceStore(database, config.fhirBaseUrl);
    this.searcher = new FhirSearchService(database, config.fhirBaseUrl);
    this.historian = new FhirHistoryService(database, config.fhirBaseUrl);
  }

  /** Puts a domain rule (such as the discharge Task state machine) on every write of the resources of a type it applies to. */
  registerWriteRule(resourceType: string, rule: ResourceWriteRule): void {
    this.writeRules.register(resourceType, rule);
  }

  /** Runs `work` in the given transaction, or in a new one. */
  inTransaction<T>(client: SqlClient | undefined, work: (client: SqlClient) => Promise<T>): Promise<T> {
    return client ? work(client) : this.database.transaction(work);
  }

  get baseUrl(): string {
    return this.config.fhirBaseUrl;
  }

  parseSearch(resourceType: string, params: Array<[string, string]>, options: ParseOptions = {}): SearchRequest {
    return parseSearchRequest(resourceType, params, this.config, options);
  }

  /** The caller's access policy; undefined for Bro's own internal calls, which see everything. */
  policyOf(actor: Principal | undefined, client?: SqlClient): Promise<AccessPolicy | undefined> {
    return actor ? this.access.policyFor(actor, client) : Promise.resolve(undefined);
  }

  /** The writer's access policy: the one the caller built this request, else looked up. */
  private accessOf(options: WriteAccess, client?: SqlClient): Promise<AccessPolicy | undefined> {
    if (!options.access) return this.policyOf(options.actor, client);
    // A policy built for someone else would check one caller and record another as the writer.
    if (options.access.principal !== options.actor) throw new Error('a write was given an access policy that is not its actor\'s');
    return Promise.resolve(options.access);
  }

  /** Records what the caller saw or changed (patient data only), in the given transaction. */
  recordAccess(client: SqlClient, actor: Principal | undefined, entries: AuditEntry[]): Promise<void> {
    return actor ? this.audit.record(client, actor, withPatients(entries)) : Promise.resolve();
  }

  async search(request: SearchRequest, options: ReadOptions = {}): Promise<SearchResult> {
    const policy = await this.policyOf(options.actor, options.client);
    if (policy) {
      policy.assertMay(request.resourceType, 'search');
      assertMayLookInto(request, policy);
      request.access = policy;
      if (policy.emergency) {
        const patient = namedPatient(request);
        if (!patient) throw DomainError.badRequest('emergency access opens one patient at a time: search with patient=<id> (or Patient?_id=<id>)');
        request.access = policy.forEmergencyPatient(patient);
      }
    }
    const result = await this.searcher.search(request, options.client);
    // _include and _revinclude answer to the caller's role and scopes like the search itself:
    // a client allowed Task and Patient does not read Encounters by including them.
    if (policy) result.included = result.included.filter((resource) => policy.may(resource.resourceType, 'read'));
    const query = new URLSearchParams(request.definingParams).toString();
    await this.recordAccess(options.client ?? this.database, options.actor, [
      ...[...result.matches, ...result.included].map((resource) => ({ subtype: 'search-type' as const, resource, query: `${request.resourceType}?${query}` })),
    ]);
    return result;
  }

  /**
   * Instance, type (`resourceType` alone) or system history (neither). Type and system history show
   * every resource's versions, so they are for callers who may see every resource of what they cover
   * (system clients within their scopes); anyone else gets 403 and asks for one resource's history.
   */
  async history(query: Omit<HistoryQuery, 'count' | 'resourceTypes'> & { resourceType?: string; count?: string }, actor?: Principal): Promise<HistoryPage> {
    const policy = await this.policyOf(actor);
    const { resourceType } = query;
    const types = resourceType ? [resourceType] : SYSTEM_HISTORY_TYPES;
    if (policy) for (const type of types) policy.assertMay(type, 'history');
    const count = query.count === undefined ? this.config.defaultPageSize : Number(query.count);
    if (!Number.isInteger(count) || count < 1 || count > this.config.maxPageSize) {
      throw DomainError.badRequest(`_count must be a whole number from 1 to ${this.config.maxPageSize}`, '_count');
    }
    // 404 for an id that never existed; a deleted resource's history is still there to read.
    if (resourceType && query.id) await this.read(resourceType, query.id).catch((error: unknown) => {
      if (!(error instanceof DomainError && error.status === 410)) throw error;
    });
    if (policy) {
      const hidden = types.find((type) => policy.visibleSql(type, new SqlParams()) !== 'TRUE');
      if (!query.id && hidden) {
        throw DomainError.forbidden(
          resourceType
            ? `the history of all ${resourceType} resources is for system clients; ask for one resource's history`
            : `the history of every type is for system clients that may read every ${hidden} and all the other types; ask for one resource's history`,
        );
      }
      if (resourceType && query.id && !policy.mayReadAnyOneResource(resourceType)) await this.assertVisible(policy, resourceType, query.id, this.database);
    }
    const page = await this.historian.history({ id: query.id, since: query.since, at: query.at, cursor: query.cursor, resourceTypes: types, count });
    await this.recordAccess(this.database, actor, page.entries.filter((e) => e.resource).map((e) => ({ subtype: 'history-instance' as const, resource: e.resource })));
    return page;
  }

  async read(resourceType: string, id: string, options: ReadOptions = {}): Promise<StoredResource> {
    const client = options.client ?? this.database;
    const policy = await this.policyOf(options.actor, options.client);
    policy?.assertMay(resourceType, 'read');
    const narrowed = policy && !policy.mayReadAnyOneResource(resourceType) ? policy : undefined;
    const stored = await this.store.read(resourceType, id, client, narrowed && ((params) => narrowed.visibleSql(resourceType, params)));
    await this.recordAccess(client, options.actor, [{ subtype: 'read', resource: stored.resource }]);
    return stored;
  }

  /** The current version, or undefined when there is none (never was, or deleted): for Bro's own workers. */
  async readIfPresent(resourceType: string, id: string, client?: SqlClient): Promise<StoredResource | undefined> {
    try {
      return await this.read(resourceType, id, { client });
    } catch (error) {
      if (error instanceof DomainError && (error.status === 404 || error.status === 410)) return undefined;
      throw error;
    }
  }

  async vread(resourceType: string, id: string, versionId: string, actor?: Principal): Promise<StoredResource> {
    if (!/^\d+$/.test(versionId)) throw DomainError.notFound(`${resourceType}/${id} has no version "${versionId}"`);
    const policy = await this.policyOf(actor);
    if (policy) {
      policy.assertMay(resourceType, 'read');
      if (!policy.mayReadAnyOneResource(resourceType)) await this.assertVisible(policy, resourceType, id, this.database);
    }
    const stored = await this.store.vread(resourceType, id, Number(versionId));
    await this.recordAccess(this.database, actor, [{ subtype: 'vread', resource: stored.resource }]);
    return stored;
  }

  /** 404 unless the current version exists and the caller may see it: existence itself is not theirs to learn. */
  private async assertVisible(policy: AccessPolicy, resourceType: string, id: string, client: SqlClient): Promise<void> {
    const params = new SqlParams();
    const idParam = params.add(id);
    const condition = policy.visibleSql(resourceType, params);
    if (condition === 'TRUE') return;
    const { rowCount } = await client.query(`SELECT 1 FROM "${tableNameOf(resourceType)}" WHERE id = ${idParam} AND ${condition}`, params.values);
    if (!rowCount) throw DomainError.notFound(`${resourceType}/${id} does not exist`);
  }

  /**
   * Role, scopes and visibility of a write: 403 for what the caller may never do, 404 for what they may
   * not see. `visible` is what the locked read of the row already found under this policy, if it did.
   */
  private async gateWrite(
    policy: AccessPolicy | undefined,
    resourceType: string,
    interaction: 'create' | 'update' | 'delete',
    client: SqlClient,
    id?: string,
    visible?: boolean,
  ): Promise<void> {
    if (!policy) return;
    policy.assertMay(resourceType, interaction);
    if (!id) return;
    if (visible === undefined) await this.assertVisible(policy, resourceType, id, client);
    else if (!visible) throw DomainError.notFound(`${resourceType}/${id} does not exist`);
  }

  /**
   * The current version, locked until the transaction ends, and whether `policy` lets its caller see it
   * (in the same statement); undefined when there is none. What was read is held for the update that follows.
   */
  private async lockRow(
    resourceType: string,
    id: string,
    client: SqlClient,
    policy: AccessPolicy | undefined,
  ): Promise<{ stored: StoredResource; visible: boolean } | undefined> {
    const row = await this.store.readForUpdate(resourceType, id, client, policy && ((params) => policy.visibleSql(resourceType, params)));
    if (row) this.holdLocked(client, resourceType, id, row.stored, policy && { access: policy, visible: row.visible });
    return row;
  }

  /** Only a transaction holds a lock: on the pool itself (autocommit) nothing is kept, nor kept growing. */
  private holdLocked(client: SqlClient, resourceType: string, id: string, stored: StoredResource, checked?: { access: AccessPolicy; visible: boolean }): void {
    if (client !== this.database) this.locked.hold(client, resourceType, id, stored, checked);
  }

  /**
   * The current version, locked until the transaction ends; undefined when there is none. For a Bro
   * service that decides the caller's right to the change itself (and answers 404 for what is not
   * theirs): hand the answer to {@link update} as `current`, with the same `access`, and the row is
   * neither read nor checked for visibility again. Nothing is audited: the update is.
   */
  async readForUpdate(resourceType: string, id: string, options: { client: SqlClient; access?: AccessPolicy }): Promise<StoredResource | undefined> {
    if (options.client === this.database) throw new Error('readForUpdate locks a row for a transaction: pass the transaction\'s client');
    return (await this.lockRow(resourceType, id, options.client, options.access))?.stored;
  }

  /**
   * Links need prior right: every reference a write adds to a patient-level resource must point at one
   * the caller may already see (or one this request created, or the patient of a hand-over), else it
   * answers as a reference to nothing would (422), so a hidden resource is neither linked nor revealed.
   * One query per write, however many references.
   */
  private async assertLinksAllowed(resource: Resource, previous: Resource | undefined, policy: AccessPolicy | undefined, client: SqlClient, link: LinkContext = {}): Promise<void> {
    if (!policy || policy.seesAllPatients) return;
    const key = (type: string, id: string) => `${type}/${id}`;
    const before = new Set(previous ? localReferencesOf(previous, this.baseUrl).map((r) => key(r.type, r.id)) : []);
    const added = localReferencesOf(resource, this.baseUrl).filter(
      (r) =>
        RESOURCE_CLASS[r.type] === 'patient' &&
        !before.has(key(r.type, r.id)) &&
        !link.createdInRequest?.has(key(r.type, r.id)) &&
        !(r.type === resource.resourceType && r.id === resource.id) &&
        !(link.establishesCareRelationship && r.type === 'Patient'),
    );
    if (added.length === 0) return;
    const params = new SqlParams();
    const byType = new Map<string, string[]>();
    for (const r of added) byType.set(r.type, [...(byType.get(r.type) ?? []), r.id]);
    const selects = [...byType].map(
      ([type, ids]) => `SELECT '${type}/' || id AS ref FROM "${tableNameOf(type)}" WHERE id = ANY(${params.add(ids)}::text[]) AND ${policy.visibleSql(type, params)}`,
    );
    const { rows } = await client.query<{ ref: string }>(selects.join(' UNION ALL '), params.values);
    const seen = new Set(rows.map((row) => row.ref));
    const hidden = added.filter((r) => !seen.has(key(r.type, r.id)));
    if (hidden.length === 0) return;
    throw new DomainError(
      422,
      hidden.map((r) => ({ severity: 'error', code: 'processing', diagnostics: `${r.expression}: ${r.type}/${r.id} does not exist`, expression: [r.expression] })),
    );
  }

  /**
   * Which of these resources, as they are now, the search criteria match (none: all that still exist),
   * in one search however many there are: for Bro's own workers, which handle changes in batches.
   */
  async matchAmong(resourceType: string, criteria: Array<[string, string]>, ids: string[]): Promise<Resource[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const request = this.parseSearch(resourceType, [...criteria, ['_id', unique.join(',')]]);
    request.count = unique.length;
    request.total = 'none';
    return (await this.search(request)).matches;
  }

  /**
   * Resources matching conditional criteria (at most two: enough to tell none, one and several apart),
   * among those `access` lets the caller see: a conditional operation answers the same whether or
   * not a hidden match exists. Without `access` (Bro's own calls, a hand-over's patient), all.
   */
  async matchCriteria(resourceType: string, criteria: string, client?: SqlClient, access?: AccessPolicy): Promise<Resource[]> {
    const pairs = queryPairs(criteria);
    if (pairs.length === 0) throw DomainError.badRequest('conditional criteria must not be empty');
    const byIdentifier = await this.matchByIdentifier(resourceType, pairs, client ?? this.database, access);
    if (byIdentifier) return byIdentifier;
    const request = this.parseSearch(resourceType, pairs);
    request.count = CONDITIONAL_LOOKUP_COUNT;
    request.total = 'none';
    request.access = access;
    return (await this.searcher.search(request, client)).matches;
  }

  /**
   * `identifier=system|value` alone, the criteria of nearly every conditional create, answered from
   * fhir_identifier's unique key (one index probe) rather than a search. Undefined for other criteria.
   */
  private async matchByIdentifier(resourceType: string, pairs: Array<[string, string]>, client: SqlClient, access?: AccessPolicy): Promise<Resource[] | undefined> {
    if (pairs.length !== 1 || pairs[0][0] !== 'identifier') return undefined;
    const token = pairs[0][1];
    const bar = token.indexOf('|');
    if (bar <= 0 || bar === token.length - 1 || token.includes(',')) return undefined;
    if (!isStoredResourceType(resourceType)) throw DomainError.notFound(`Bro does not serve the resource type "${resourceType}"`);
    const params = new SqlParams();
    const [type, system, value] = [params.add(resourceType), params.add(token.slice(0, bar)), params.add(token.slice(bar + 1))];
    const visible = access ? access.visibleSql(resourceType, params) : 'TRUE';
    const { rows } = await client.query<{ resource: Resource }>(
      `SELECT resource FROM "${tableNameOf(resourceType)}"
        WHERE id IN (SELECT resource_id FROM fhir_identifier WHERE resource_type = ${type} AND system = ${system} AND value = ${value}) AND ${visible}`,
      params.values,
    );
    return rows.map((row) => row.resource);
  }

  async create(resourceType: string, body: unknown, options: CreateOptions = {}): Promise<ConditionalWriteResult> {
    const criteria = options.ifNoneExist;
    return this.inTransaction(options.client, async (client) => {
      // Who may write comes before what they wrote: a role that may never write the type learns nothing from validation.
      const policy = await this.accessOf(options, client);
      await this.gateWrite(policy, resourceType, 'create', client);
      const withoutId = { ...assertValidResource(body, resourceType) };
      delete withoutId.id;
      if (criteria) {
        // A hand-over finds its patient by fødselsnummer whoever could see them before: it is how they come to.
        const unrestricted = options.link?.establishesCareRelationship && resourceType === 'Patient';
        const existing = await this.findForConditionalCreate(resourceType, criteria, client, unrestricted ? undefined : policy);
        if (existing) {
          await this.recordAccess(client, options.actor, [{ subtype: 'read', resource: existing }]);
          return { ...this.asStored(existing), created: false, existing: true };
        }
      }
      return this.createChecked(withoutId, { ...options, client, access: policy });
    });
  }

  private async createChecked(resource: Resource, options: CreateOptions & { client: SqlClient; versionId?: number }): Promise<WriteResult> {
    const policy = await this.accessOf(options, options.client);
    const rules = this.writeRules.applicable(resource);
    const context: WriteRuleContext = {
      client: options.client,
      actor: options.actor,
      access: policy,
      ifMatchGiven: false,
      decidedByService: options.decidedByService,
      scratch: new Map(),
      eventFacts: {},
    };
    const prepared = await this.writeRules.prepare(rules, resource, undefined, context);
    await this.assertWriteMayLink(prepared, undefined, policy, options);
    const result = await this.store.create(prepared, options);
    await this.afterStored(rules, result, undefined, context, 'create');
    return result;
  }

  /** The registry fields of a patient, and links to patient-level resources, as the caller may write them. */
  private async assertWriteMayLink(
    next: Resource,
    previous: Resource | undefined,
    policy: AccessPolicy | undefined,
    options: { client: SqlClient; link?: LinkContext; id?: string },
  ): Promise<void> {
    assertNoUnresolvedReference(next);
    assertPatientRegistration(policy, next, previous, Boolean(options.link?.establishesCareRelationship));
    await this.assertLinksAllowed({ ...next, id: next.id ?? options.id }, previous, policy, options.client, options.link);
  }

  /** What follows every stored version, in its transaction: the rules' after-write steps, the audit entry, the outbox event. */
  private async afterStored(
    rules: ResourceWriteRule[],
    result: WriteResult,
    previous: StoredResource | undefined,
    context: WriteRuleContext,
    subtype: AuditSubtype,
  ): Promise<void> {
    await this.writeRules.afterWrite(rules, result, previous, context);
    await this.recordAccess(context.client, context.actor, [{ subtype, resource: result.resource }]);
    await this.outbox.append(context.client, [changed(result.resource, previous ? 'update' : 'create', context.eventFacts)]);
    if (DIRECTORY_TYPES.includes(result.resource.resourceType)) this.access.directoryChanged();
  }

  /**
   * The one resource matching If-None-Exist criteria, or undefined when there is none (412 when
   * several). Takes a transaction-scoped lock on the criteria first: two concurrent conditional
   * creates with the same criteria queue here, so the second sees the first one's row.
   */
  async findForConditionalCreate(resourceType: string, criteria: string, client: SqlClient, access?: AccessPolicy): Promise<Resource | undefined> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${resourceType}?${criteria}`]);
    const matches = await this.matchCriteria(resourceType, criteria, client, access);
    if (matches.length > 1) throw DomainError.preconditionFailed(`If-None-Exist "${criteria}" matches more than one ${resourceType}`);
    return matches[0];
  }

  async update(resourceType: string, id: string, body: unknown, options: UpdateOptions = {}): Promise<WriteResult> {
    const access = await this.accessOf(options, options.client);
    access?.assertMay(resourceType, 'update');
    const resource = assertValidResource(body, resourceType, id);
    return this.inTransaction(options.client, (client) => this.updateChecked(resource, id, { ...options, client, access }, options.ifMatch !== undefined));
  }

  /**
   * An update through the caller's access and the type's write rule; `ifMatchGiven` says whether the
   * client sent If-Match (a patch computes the version itself).
   */
  private async updateChecked(
    resource: Resource,
    id: string,
    options: UpdateOptions & { client: SqlClient; subtype?: AuditSubtype },
    ifMatchGiven: boolean,
  ): Promise<WriteResult> {
    const policy = await this.accessOf(options, options.client);
    const held = options.current && this.locked.find(options.client, resource.resourceType, id, options.current);
    const locked = held
      ? { stored: held.stored, visible: held.checked?.access === policy ? held.checked?.visible : undefined }
      : await this.lockRow(resource.resourceType, id, options.client, policy);
    const previous = locked?.stored;
    await this.gateWrite(policy, resource.resourceType, previous ? 'update' : 'create', options.client, previous ? id : undefined, locked?.visible);
    if (!previous) {
      if (options.ifMatch !== undefined) {
        throw DomainError.preconditionFailed(`${resource.resourceType}/${id} does not exist, so If-Match cannot match`);
      }
      const versionId = await this.store.nextVersionOf(resource.resourceType, id, options.client);
      // Whoever re-created a deleted id would read its earlier versions: ids are never re-used.
      if (versionId > 1) throw DomainError.gone(`${resource.resourceType}/${id} was deleted; Bro does not re-use ids: create a new resource instead`);
      return this.createChecked(resource, { ...options, access: policy, id, versionId });
    }
    if (options.ifMatch !== undefined && options.ifMatch !== previous.versionId) {
      throw DomainError.preconditionFailed(
        `${resource.resourceType}/${id} is at version ${previous.versionId}, not ${options.ifMatch}: read it again and re-apply your change`,
      );
    }
    const context: WriteRuleContext = {
      client: options.client,
      actor: options.actor,
      access: policy,
      ifMatchGiven,
      decidedByService: options.decidedByService,
      scratch: new Map(options.scratch),
      eventFacts: {},
    };
    const rules = this.writeRules.applicable(resource, previous.resource);
    const prepared = await this.writeRules.prepare(rules, resource, previous, context);
    await this.assertWriteMayLink(prepared, previous.resource, policy, options);
    // Whatever happens from here, the version read above is no longer one to hand back as current.
    this.locked.release(options.client, resource.resourceType, id);
    const result = await this.store.replace(prepared, id, previous, options.client, options.deferReferenceCheck);
    this.holdLocked(options.client, resource.resourceType, id, result);
    await this.afterStored(rules, result, previous, context, options.subtype ?? 'update');
    return result;
  }

  /** PUT Type?criteria: update the one match, create when none, 412 when several. */
  async conditionalUpdate(resourceType: string, criteria: string, body: unknown, options: UpdateOptions = {}): Promise<WriteResult> {
    return this.inTransaction(options.client, async (tx) => {
      const access = await this.accessOf(options, tx);
      const id = await this.conditionalUpdateTarget(resourceType, criteria, body, tx, access);
      return this.update(resourceType, id, withId(body, id), { ...options, client: tx, access });
    });
  }

  /**
   * The id a conditional update writes: its one match among what `access` lets the caller see, else
   * the id the body carries (update as create), else a new one; 412 when several match. Locks the
   * criteria until the transaction ends, so two such updates cannot both create.
   */
  async conditionalUpdateTarget(resourceType: string, criteria: string, body: unknown, client: SqlClient, access: AccessPolicy | undefined): Promise<string> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${resourceType}?${criteria}`]);
    const matches = await this.matchCriteria(resourceType, criteria, client, access);
    if (matches.length > 1) throw DomainError.preconditionFailed(`"${criteria}" matches more than one ${resourceType}`);
    if (matches.length === 1) return matches[0].id!;
    const given = body && typeof body === 'object' ? (body as Resource).id : undefined;
    return typeof given === 'string' ? given : randomUUID();
  }

  /**
   * A patch (JSON Patch or FHIRPath Patch, see patch/) applied to the current version, then stored as
   * an update: the same access, If-Match, validation, write rules and audit whichever way it is written.
   */
  async patch(resourceType: string, id: string, change: ResourcePatch, options: UpdateOptions = {}): Promise<WriteResult> {
    const { ifMatch } = options;
    return this.inTransaction(options.client, async (tx) => {
      const policy = await this.accessOf(options, tx);
      policy?.assertMay(resourceType, 'update');
      const current = await this.store.read(resourceType, id, tx, policy && ((params) => policy.visibleSql(resourceType, params)));
      if (ifMatch !== undefined && ifMatch !== current.versionId) {
        throw DomainError.preconditionFailed(`${resourceType}/${id} is at version ${current.versionId}, not ${ifMatch}`);
      }
      const patched = change.apply(current.resource);
      const touchesMeta = diffJson(current.resource, patched).some((op) => op.path === '/id' || op.path === '/resourceType');
      if (touchesMeta) throw DomainError.badRequest(`${change.format} must not change id or resourceType`);
      // The patch was computed from the version read above, so that is the version the write expects.
      const within = { ...options, client: tx, access: policy, ifMatch: current.versionId, subtype: 'patch' as const };
      return this.updateChecked(assertValidResource(patched, resourceType, id), id, within, ifMatch !== undefined);
    });
  }

  /**
   * The one resource conditional-delete criteria match among what `access` lets the caller see:
   * undefined for none (a hidden match counts as none), 412 for several ("single" conditional delete).
   */
  async conditionalDeleteTarget(resourceType: string, criteria: string, client: SqlClient, access: AccessPolicy | undefined): Promise<string | undefined> {
    const matches = await this.matchCriteria(resourceType, criteria, client, access);
    if (matches.length > 1) throw DomainError.preconditionFailed(`"${criteria}" matches more than one ${resourceType}`);
    return matches[0]?.id;
  }

  /** `DELETE Type?criteria`: deletes the one match, if there is one (see {@link conditionalDeleteTarget}). */
  async conditionalDelete(resourceType: string, criteria: string, options: DeleteOptions = {}): Promise<{ deleted: boolean; id?: string }> {
    return this.inTransaction(options.client, async (client) => {
      const access = await this.accessOf(options, client);
      access?.assertMay(resourceType, 'delete');
      const id = await this.conditionalDeleteTarget(resourceType, criteria, client, access);
      if (!id) return { deleted: false };
      const { deleted } = await this.delete(resourceType, id, { ...options, client, access });
      return { deleted, id };
    });
  }

  async delete(resourceType: string, id: string, options: DeleteOptions = {}) {
    return this.inTransaction(options.client, async (client) => {
      const policy = await this.accessOf(options, client);
      const locked = await this.lockRow(resourceType, id, client, policy);
      const current = locked?.stored;
      await this.gateWrite(policy, resourceType, 'delete', client, current ? id : undefined, locked?.visible);
      if (current) await this.writeRules.beforeDelete(current, { client, actor: options.actor, access: policy, ifMatchGiven: false, scratch: new Map(), eventFacts: {} });
      this.locked.release(client, resourceType, id);
      const result = await this.store.delete(resourceType, id, client);
      if (result.deleted && !options.deferReferrerCheck) await this.assertNotReferenced([`${resourceType}/${id}`], client, policy);
      if (result.deleted) {
        await this.recordAccess(client, options.actor, [{ subtype: 'delete', entity: { type: resourceType, id, version: result.versionId } }]);
        await this.outbox.append(client, [{ topic: OutboxTopic.ResourceChanged, resourceType, resourceId: id, versionId: result.versionId, payload: { method: 'delete' } }]);
      }
      return result;
    });
  }

  /**
   * 409 unless nothing refers to these `Type/id` any more (see {@link referrerConflict}); `entryOf`
   * names the Bundle entry that deleted a target. One query however many targets.
   */
  async assertNotReferenced(targets: string[], client: SqlClient, policy: AccessPolicy | undefined, entryOf?: (target: string) => number): Promise<void> {
    if (targets.length === 0) return;
    const found = await this.store.referrersOf(targets, client, REFERRERS_NAMED + 1);
    if (found.length === 0) return;
    const target = found[0].target;
    const conflict = referrerConflict(target, found.filter((row) => row.target === target).map((row) => row.source), policy);
    throw entryOf ? conflict.inEntry(entryOf(target)) : conflict;
  }

  asStored(resource: Resource): StoredResource {
    return { resource, versionId: Number(resource.meta?.versionId ?? 1), lastUpdated: String(resource.meta?.lastUpdated ?? '') };
  }
}
