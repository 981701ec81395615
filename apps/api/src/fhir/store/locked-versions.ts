import type { AccessPolicy } from '../../access/access-policy';
import { SqlClient } from '../../database/sql-client';
import { StoredResource } from './stored-resource';

interface HeldVersion {
  /** The store's own copy: what the caller was handed may have been changed since, this has not. */
  stored: StoredResource;
  /** The access policy the row was read under, and whether it lets its caller see the row; absent for a version just written. */
  checked?: { access: AccessPolicy; visible: boolean };
}

/**
 * The current versions FhirService holds locked in each open transaction: read FOR UPDATE, or just
 * written by it. An update handed one of these as the version it changes need not read the row again;
 * any other object (a copy, an older version, one read outside the transaction) is not taken for it.
 */
export class LockedVersions {
  private readonly byTransaction = new WeakMap<SqlClient, Map<string, HeldVersion & { handedOut: StoredResource }>>();

  hold(client: SqlClient, resourceType: string, id: string, stored: StoredResource, checked?: HeldVersion['checked']): void {
    let held = this.byTransaction.get(client);
    if (!held) this.byTransaction.set(client, (held = new Map()));
    held.set(`${resourceType}/${id}`, { handedOut: stored, stored: structuredClone(stored), checked });
  }

  release(client: SqlClient, resourceType: string, id: string): void {
    this.byTransaction.get(client)?.delete(`${resourceType}/${id}`);
  }

  /** What is known of `stored` when it is the very version this transaction holds of the resource; undefined otherwise. */
  find(client: SqlClient, resourceType: string, id: string, stored: StoredResource): HeldVersion | undefined {
    const held = this.byTransaction.get(client)?.get(`${resourceType}/${id}`);
    return held?.handedOut === stored ? { stored: held.stored, checked: held.checked } : undefined;
  }
}
