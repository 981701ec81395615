import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Bundle, BundleEntry, Resource, isStoredResourceType } from '@app/fhir';
import { Principal } from '../../auth/principal';
import { SqlClient } from '../../database/sql-client';
import { DomainError } from '../../common/errors/domain-error';
import { versionIdParam } from '../http/fhir-request';
import { ResourcePatch } from '../patch/resource-patch';
import { jsonPatch } from '../patch/json-patch.patch';
import { fhirPathPatch } from '../patch/fhirpath-patch.patch';
import { FhirService, LinkContext, withId } from '../fhir.service';
import { AccessPolicy } from '../../access/access-policy';
import { CONDITIONAL_REFERENCE, ENTRY_REFERENCE, referencesIn } from '../store/reference-forms';
import { TransactionIdentities } from './transaction-identities';
import { assertReferencesResolve } from '../store/reference-checker';
import { StoredResource, etagOf } from '../store/stored-resource';
import { searchsetBundle } from './searchset-bundle';
import { EntryRequest, parseEntryRequest } from './bundle-entry-request';

/** FHIR's processing order inside a transaction: deletes, creates, updates, then reads. */
const ORDER: Record<EntryRequest['method'], number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3 };

interface Written {
  resource: Resource;
  index: number;
}

function responseOf(status: string, stored?: StoredResource, minimal = false): BundleEntry['response'] & { resource?: Resource } {
  if (!stored) return { status };
  const id = stored.resource.id;
  return {
    status,
    location: `${stored.resource.resourceType}/${id}/_history/${stored.versionId}`,
    etag: etagOf(stored.versionId),
    lastModified: stored.lastUpdated,
    ...(minimal ? {} : { resource: stored.resource }),
  };
}

function toEntry(result: ReturnType<typeof responseOf>, baseUrl: string): BundleEntry {
  const { resource, ...response } = result;
  // A stored resource has a URL of its own; a search's searchset Bundle (a GET entry) has none.
  const stored = resource && typeof resource.id === 'string' && isStoredResourceType(resource.resourceType);
  return {
    ...(resource ? { ...(stored ? { fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}` } : {}), resource } : {}),
    response,
  };
}

function patchOf(request: EntryRequest): ResourcePatch {
  const body = request.entry.resource as { resourceType?: string; contentType?: string; data?: string } | undefined;
  // FHIRPath Patch: the Parameters resource itself is the entry's resource.
  if (body?.resourceType === 'Parameters') return fhirPathPatch(body);
  if (body?.resourceType !== 'Binary' || body.contentType !== 'application/json-patch+json' || !body.data) {
    throw DomainError.badRequest('a PATCH entry carries a FHIRPath Patch Parameters resource, or a Binary with contentType application/json-patch+json and base64 data');
  }
  let operations: unknown;
  try {
    operations = JSON.parse(Buffer.from(body.data, 'base64').toString('utf8'));
  } catch {
    throw DomainError.badRequest('the Binary data of a PATCH entry is not base64-encoded JSON');
  }
  // Decoded here, so the body parser's depth and NUL checks never saw it: jsonPatch checks them, and the patch's shape.
  return jsonPatch(operations);
}

/**
 * A feature that gives some transaction Bundles a meaning of their own (a discharge hand-over):
 * it processes those itself, usually by calling {@link BundleProcessorService.transaction}.
 */
export interface TransactionInterpreter {
  interprets(bundle: Bundle): boolean;
  process(bundle: Bundle, minimal: boolean, actor?: Principal): Promise<Bundle>;
}

/** `POST /fhir/R4` with a transaction (all or nothing) or batch (each entry on its own) Bundle. */
@Injectable()
export class BundleProcessorService {
  private readonly interpreters: TransactionInterpreter[] = [];
  private readonly logger = new Logger('Bundle');

  constructor(private readonly fhir: FhirService) {}

  registerInterpreter(interpreter: TransactionInterpreter): void {
    this.interpreters.push(interpreter);
  }

  async process(body: unknown, minimal: boolean, actor?: Principal): Promise<Bundle> {
    const bundle = body as Bundle;
    if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') {
      throw DomainError.badRequest('POST to the base URL takes a Bundle of type transaction or batch');
    }
    if (bundle.type !== 'transaction' && bundle.type !== 'batch') {
      throw DomainError.badRequest(`Bundle.type must be transaction or batch, got "${String(bundle.type)}"`, 'Bundle.type');
    }
    if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) throw DomainError.badRequest('Bundle.entry must be an array', 'Bundle.entry');
    const entries = bundle.entry ?? [];
    const interpreter = bundle.type === 'transaction' ? this.interpreters.find((i) => i.interprets(bundle)) : undefined;
    if (interpreter) return interpreter.process(bundle, minimal, actor);
    return bundle.type === 'transaction' ? this.transaction(entries, minimal, actor) : this.batch(entries, minimal, actor);
  }

  /**
   * A transaction Bundle's entries, all or nothing. With `outer`, it runs inside that database
   * transaction (a hand-over writes its own bookkeeping in the same one).
   */
  async transaction(entries: BundleEntry[], minimal: boolean, actor?: Principal, outer?: SqlClient, establishesCareRelationship = false): Promise<Bundle> {
    const baseUrl = this.fhir.baseUrl;
    const requests = entries.map((entry, index) => {
      try {
        return parseEntryRequest(entry, index, baseUrl);
      } catch (error) {
        throw error instanceof DomainError ? error.inEntry(index) : error;
      }
    });
    const fullUrls = new Set<string>();
    for (const request of requests) {
      const fullUrl = request.entry.fullUrl;
      if (fullUrl && fullUrls.has(fullUrl)) throw DomainError.badRequest(`fullUrl ${fullUrl} appears twice`).inEntry(request.index);
      if (fullUrl) fullUrls.add(fullUrl);
    }
    // Entries are modified (references rewritten), so work on a copy of the client's resources.
    for (const request of requests) if (request.entry.resource) request.entry = { ...request.entry, resource: structuredClone(request.entry.resource) };

    const results = await this.fhir.inTransaction(outer, async (client) => {
      const policy = await this.fhir.policyOf(actor, client);
      const results = new Map<number, ReturnType<typeof responseOf>>();
      const identities = new TransactionIdentities();
      // Deletes come first (FHIR's order), so conditional creates, conditional updates and conditional
      // references below see the Bundle's own deletions: none of them may resolve to a deleted resource.
      const deleted: Array<{ target: string; index: number }> = [];
      for (const request of requests.filter((r) => r.method === 'DELETE')) {
        await this.atEntry(request, async () => {
          const id = request.id ?? (await this.conditionalDeleteTarget(request, client, policy));
          if (id) {
            identities.claim(`${request.resourceType}/${id}`, request.index);
            const { deleted: was } = await this.fhir.delete(request.resourceType, id, { client, actor, access: policy, deferReferrerCheck: true });
            if (was) deleted.push({ target: `${request.resourceType}/${id}`, index: request.index });
          }
          results.set(request.index, responseOf('204 No Content'));
        });
      }

      // Every entry that writes gets its identity before anything is written, so entries can refer to each other.
      const ids = new Map<string, string>();
      const existing = new Map<number, Resource>();
      const assigned = new Map<number, string>();
      for (const request of requests.filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH')) {
        await this.atEntry(request, async () => {
          const id = await this.identityOf(request, client, policy, establishesCareRelationship, existing, assigned);
          if (id === undefined) return;
          if (!assigned.has(request.index) || request.method !== 'POST') identities.claim(`${request.resourceType}/${id}`, request.index);
          if (request.entry.fullUrl) ids.set(request.entry.fullUrl, `${request.resourceType}/${id}`);
          // A conditional reference with a conditional create's own criteria means that entry, created or found.
          // Two conditional creates with the same criteria would create two where the criteria expect one.
          if (request.method === 'POST' && request.ifNoneExist) identities.claim(`${request.resourceType}?${request.ifNoneExist}`, request.index);
          if (request.method === 'POST' && request.ifNoneExist) ids.set(`${request.resourceType}?${request.ifNoneExist}`, `${request.resourceType}/${id}`);
        });
      }
      for (const request of requests) {
        if (!request.entry.resource) continue;
        await this.atEntry(request, () => this.resolveReferences(request, ids, client, policy, establishesCareRelationship));
      }
      const link: LinkContext = {
        createdInRequest: new Set([...assigned].filter(([index]) => requests[index].method === 'POST').map(([index, id]) => `${requests[index].resourceType}/${id}`)),
        establishesCareRelationship,
      };

      const written: Written[] = [];
      const ordered = requests.filter((r) => r.method !== 'DELETE').sort((a, b) => ORDER[a.method] - ORDER[b.method] || a.index - b.index);
      for (const request of ordered) {
        await this.atEntry(request, async () => {
          const found = existing.get(request.index);
          if (found) {
            results.set(request.index, responseOf('200 OK', this.fhir.asStored(found), minimal));
            return;
          }
          const result = await this.execute(request, client, minimal, { assignedId: assigned.get(request.index), inTransaction: true, actor, link });
          if (result.written) written.push({ resource: result.written, index: request.index });
          results.set(request.index, result.response);
        });
      }
      // Entries may point at each other in any order, so references are checked once all are written,
      // and so is that nothing still refers to what the Bundle deleted (its other entries may re-point those).
      for (const { resource, index } of written) {
        try {
          await assertReferencesResolve(client, resource, baseUrl);
        } catch (error) {
          throw error instanceof DomainError ? error.inEntry(index) : error;
        }
      }
      const deletedBy = new Map(deleted.map(({ target, index }) => [target, index]));
      await this.fhir.assertNotReferenced([...deletedBy.keys()], client, policy, (target) => deletedBy.get(target)!);
      return results;
    });
    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      timestamp: new Date().toISOString(),
      // FHIR JSON has no empty arrays: a Bundle without entries has no `entry`.
      ...(requests.length ? { entry: requests.map((request) => toEntry(results.get(request.index)!, baseUrl)) } : {}),
    };
  }

  private async batch(entries: BundleEntry[], minimal: boolean, actor?: Principal): Promise<Bundle> {
    const baseUrl = this.fhir.baseUrl;
    const responses: BundleEntry[] = [];
    for (const [index, entry] of entries.entries()) {
      try {
        const request = parseEntryRequest(entry, index, baseUrl);
        if (request.entry.resource) request.entry = { ...request.entry, resource: structuredClone(request.entry.resource) };
        const result = await this.fhir.database.transaction((client) => this.execute(request, client, minimal, { inTransaction: false, actor }));
        responses.push(toEntry(result.response, baseUrl));
      } catch (error) {
        // Each entry is answered on its own, whatever happens: earlier entries are committed, so failing
        // the whole request would hide their answers. An unexpected error is this entry's 500 (its own
        // transaction rolled back); the log names the entry and error class, never its data.
        if (!(error instanceof DomainError)) this.logUnexpected(`batch entry ${index} (${String(entry?.request?.method)})`, error);
        const failure =
          error instanceof DomainError ? error : DomainError.of(500, 'exception', `Bundle.entry[${index}]: internal error; this entry was not completed`);
        responses.push({
          response: {
            status: String(failure.status),
            outcome: { resourceType: 'OperationOutcome', issue: failure.issues },
          },
        });
      }
    }
    return { resourceType: 'Bundle', type: 'batch-response', timestamp: new Date().toISOString(), ...(responses.length ? { entry: responses } : {}) };
  }

  /** An entry's unexpected failure, logged by its error class and stack frames: never the message, which may hold its data. */
  private logUnexpected(entry: string, error: unknown): void {
    const name = error instanceof Error ? error.name : typeof error;
    this.logger.error(`${entry} failed: ${name}`, error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined);
  }

  private async atEntry(request: EntryRequest, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof DomainError) throw error.inEntry(request.index);
      // The whole transaction rolls back; the answer names the entry, the log its error class (never its data).
      this.logUnexpected(`transaction entry ${request.index} (${request.method} ${request.resourceType})`, error);
      throw DomainError.of(500, 'exception', 'internal error; the transaction was rolled back and nothing was written').inEntry(request.index);
    }
  }

  private async execute(
    request: EntryRequest,
    client: SqlClient,
    minimal: boolean,
    mode: { assignedId?: string; inTransaction: boolean; actor?: Principal; link?: LinkContext },
  ): Promise<{ response: ReturnType<typeof responseOf>; written?: Resource }> {
    const { resourceType, id } = request;
    const { assignedId, inTransaction: deferReferenceCheck, actor, link } = mode;
    switch (request.method) {
      case 'POST': {
        if (id) throw DomainError.badRequest('POST entries take a type URL such as "Task", not an id');
        const result = await this.fhir.create(resourceType, request.entry.resource, {
          client,
          id: assignedId,
          ifNoneExist: assignedId ? undefined : request.ifNoneExist,
          deferReferenceCheck,
          actor,
          link,
        });
        return { response: responseOf(result.existing ? '200 OK' : '201 Created', result, minimal), written: result.existing ? undefined : result.resource };
      }
      case 'PUT': {
        // In a transaction a conditional update's target was decided with the other identities (assignedId).
        const target = id ?? assignedId;
        const result = target
          ? await this.fhir.update(resourceType, target, id ? request.entry.resource : withId(request.entry.resource, target), { ifMatch: request.ifMatch, client, deferReferenceCheck, actor, link })
          : await this.fhir.conditionalUpdate(resourceType, this.criteriaOf(request), request.entry.resource, { ifMatch: request.ifMatch, client, actor, link });
        return { response: responseOf(result.created ? '201 Created' : '200 OK', result, minimal), written: result.resource };
      }
      case 'PATCH': {
        if (!id) throw DomainError.badRequest('PATCH entries take a URL such as "Task/123"');
        const result = await this.fhir.patch(resourceType, id, patchOf(request), { ifMatch: request.ifMatch, client, actor });
        return { response: responseOf('200 OK', result, minimal), written: result.resource };
      }
      case 'DELETE': {
        // Only what the caller may see can match: a hidden match answers as no match would.
        const access = await this.fhir.policyOf(actor, client);
        const target = id ?? (await this.conditionalDeleteTarget(request, client, access));
        if (target) await this.fhir.delete(resourceType, target, { client, actor, access });
        return { response: responseOf('204 No Content') };
      }
      case 'GET': {
        if (id && request.versionId) return { response: responseOf('200 OK', await this.fhir.vread(resourceType, id, versionIdParam(resourceType, id, request.versionId), actor)) };
        if (id && !request.history) return { response: responseOf('200 OK', await this.fhir.read(resourceType, id, { client, actor })) };
        if (request.history) throw DomainError.badRequest('history is not available inside a Bundle');
        const search = this.fhir.parseSearch(resourceType, [...new URLSearchParams(request.query ?? '').entries()]);
        const bundle = searchsetBundle(this.fhir.baseUrl, search, await this.fhir.search(search, { client, actor }));
        return { response: { status: '200 OK', resource: bundle } };
      }
    }
  }

  /**
   * The `Type/id` an entry writes, decided before anything is written: a conditional create's match
   * (recorded in `existing`, and not written again) or a new id; an update's id, a conditional
   * update's match or new id (recorded in `assigned`); a patch's id.
   */
  private async identityOf(
    request: EntryRequest,
    client: SqlClient,
    policy: AccessPolicy | undefined,
    establishesCareRelationship: boolean,
    existing: Map<number, Resource>,
    assigned: Map<number, string>,
  ): Promise<string | undefined> {
    if (request.method === 'PATCH' || (request.method === 'PUT' && request.id)) return request.id;
    if (request.method === 'PUT') {
      const id = await this.fhir.conditionalUpdateTarget(request.resourceType, this.criteriaOf(request), request.entry.resource, client, policy);
      assigned.set(request.index, id);
      return id;
    }
    if (request.id) throw DomainError.badRequest('POST entries take a type URL such as "Task", not an id');
    // Matches are among what the caller may see (a hand-over finds its patient whoever saw them before).
    const unrestricted = establishesCareRelationship && request.resourceType === 'Patient';
    const found = request.ifNoneExist
      ? await this.fhir.findForConditionalCreate(request.resourceType, request.ifNoneExist, client, unrestricted ? undefined : policy)
      : undefined;
    if (found) {
      existing.set(request.index, found);
      return found.id;
    }
    const id = randomUUID();
    assigned.set(request.index, id);
    return id;
  }

  /**
   * Points an entry's references at what they name: `urn:uuid:` fullUrls of other entries at the ids
   * those got, and conditional references (`Type?criteria`) at their one match among what the caller
   * may see. A reference that names no entry, or criteria matching none or several, fails the Bundle.
   */
  private async resolveReferences(
    request: EntryRequest,
    ids: Map<string, string>,
    client: SqlClient,
    policy: AccessPolicy | undefined,
    establishesCareRelationship: boolean,
  ): Promise<void> {
    for (const reference of referencesIn(request.entry.resource!)) {
      const byFullUrl = ids.get(reference.value);
      if (byFullUrl) {
        reference.set(byFullUrl);
        continue;
      }
      if (ENTRY_REFERENCE.test(reference.value)) {
        throw DomainError.badRequest(`${reference.expression}: "${reference.value}" is not the fullUrl of any entry in this Bundle`, reference.expression);
      }
      const conditional = CONDITIONAL_REFERENCE.exec(reference.value);
      if (!conditional) continue;
      const [, type, criteria] = conditional;
      if (!isStoredResourceType(type)) throw DomainError.badRequest(`${reference.expression}: Bro stores no ${type}, so "${reference.value}" cannot match`, reference.expression);
      const unrestricted = establishesCareRelationship && type === 'Patient';
      const matches = await this.fhir.matchCriteria(type, criteria, client, unrestricted ? undefined : policy);
      if (matches.length !== 1) {
        throw DomainError.of(
          412,
          'conflict',
          `${reference.expression}: the conditional reference "${reference.value}" matches ${matches.length === 0 ? 'no' : 'more than one'} ${type}; it must match exactly one`,
          reference.expression,
        );
      }
      reference.set(`${type}/${matches[0].id}`);
    }
  }

  /** The one resource a conditional DELETE entry removes, among what the caller may see; undefined when none (412 when several). */
  private async conditionalDeleteTarget(request: EntryRequest, client: SqlClient, policy: AccessPolicy | undefined): Promise<string | undefined> {
    return this.fhir.conditionalDeleteTarget(request.resourceType, this.criteriaOf(request), client, policy);
  }

  private criteriaOf(request: EntryRequest): string {
    if (!request.query) throw DomainError.badRequest(`${request.method} entries need an id or search criteria in the URL`);
    if (!isStoredResourceType(request.resourceType)) throw DomainError.notFound(`unknown resource type ${request.resourceType}`);
    return request.query;
  }
}
