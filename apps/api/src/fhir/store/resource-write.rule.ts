import { Resource } from '@app/fhir';
import type { AccessPolicy } from '../../access/access-policy';
import { Principal } from '../../auth/principal';
import { SqlClient } from '../../database/sql-client';
import { StoredResource } from './stored-resource';

/** What a write rule knows about the write it checks. */
export interface WriteRuleContext {
  /** The transaction the write happens in: a rule's own rows commit or roll back with it. */
  client: SqlClient;
  /** Who writes; absent only for Bro's own internal writes. */
  actor?: Principal;
  /**
   * The writer's access policy, looked up once for the write (its `scope` says what the actor acts
   * for): a rule asks it rather than looking the caller up again. Absent for internal writes.
   */
  access?: AccessPolicy;
  /** Whether the client said which version it changed (If-Match), as every status change requires. */
  ifMatchGiven: boolean;
  /**
   * Set by a Bro service that has itself decided the actor may make this write (a GP forwarding a
   * task creates its successor, which only a requester could create directly).
   */
  decidedByService?: boolean;
  /** Shared by prepare() and afterWrite() of one write: what the first finds for the second to store. */
  scratch: Map<string, unknown>;
  /**
   * What afterWrite() adds to the write's one outbox event (its payload, beside `method`): the facts a
   * workflow's handlers need without reading the resource again, such as a Task's transition. Never
   * patient identifiers.
   */
  eventFacts: Record<string, unknown>;
}

/**
 * A domain rule for one resource type, run on every path that writes it (REST, PATCH, transaction
 * and batch entries, messages, the inbox, workers), inside the write's database transaction.
 */
export interface ResourceWriteRule {
  /**
   * Which resources of the type the rule is for (a Task of one kind, say); absent: all of them. On a
   * change it is asked about the new and the stored version, so a rule cannot be escaped by rewriting
   * what selects it.
   */
  appliesTo?(resource: Resource): boolean;
  /** Checks a new version (and may complete it) before it is stored; throws a DomainError to refuse it. */
  prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource>;
  /** Runs after the version is stored, in the same transaction. */
  afterWrite?(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void>;
  /** Checks a delete before it happens. */
  beforeDelete?(current: StoredResource, context: WriteRuleContext): Promise<void>;
}
