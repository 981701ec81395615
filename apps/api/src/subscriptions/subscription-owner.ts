import { BroRole, Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';

/**
 * Who created a Subscription, as stored in `subscription_owner`: enough of their token to act as
 * them later (their access policy decides what the Subscription may deliver) and to name them in the
 * audit trail, without keeping the token.
 */
export interface SubscriptionOwnerRow {
  subject: string;
  role: string;
  client_id: string | null;
  scopes: string[];
  name: string | null;
  hpr_number: string | null;
  organization_number: string | null;
  parent_organization_number: string | null;
  resh_id: string | null;
}

/** The owner's columns, for a SELECT joined on `subscription_owner` aliased as `alias`. */
export function ownerColumns(alias: string): string {
  return `CASE WHEN ${alias}.subject IS NULL THEN NULL ELSE json_build_object(
    'subject', ${alias}.subject, 'role', ${alias}.role, 'client_id', ${alias}.client_id, 'scopes', ${alias}.scopes, 'name', ${alias}.name,
    'hpr_number', ${alias}.hpr_number, 'organization_number', ${alias}.organization_number,
    'parent_organization_number', ${alias}.parent_organization_number, 'resh_id', ${alias}.resh_id) END`;
}

/** The stored owner as a caller: no token behind it (nothing expires), and never emergency access. */
export function principalOfOwner(owner: SubscriptionOwnerRow): Principal {
  return {
    subject: owner.subject,
    role: owner.role as BroRole,
    scopes: owner.scopes ?? [],
    tokenExpiresAt: Number.MAX_SAFE_INTEGER,
    ...(owner.client_id ? { clientId: owner.client_id } : {}),
    ...(owner.name ? { name: owner.name } : {}),
    ...(owner.hpr_number ? { hprNumber: owner.hpr_number } : {}),
    ...(owner.organization_number ? { organizationNumber: owner.organization_number } : {}),
    ...(owner.parent_organization_number ? { parentOrganizationNumber: owner.parent_organization_number } : {}),
    ...(owner.resh_id ? { reshId: owner.resh_id } : {}),
  };
}

/** One key per owner (subject and client), to group a batch's deliveries by whom they act for. */
export function ownerKey(principal: Principal): string {
  return `${principal.subject}\u0000${principal.clientId ?? ''}`;
}

/**
 * Records (or, on the owner's own update, refreshes) who owns a Subscription. False when it belongs
 * to someone else: an id once used by another owner (say, of a deleted Subscription) stays theirs.
 */
export async function recordOwner(client: SqlClient, subscriptionId: string, owner: Principal): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO subscription_owner (subscription_id, subject, role, client_id, scopes, name, hpr_number, organization_number, parent_organization_number, resh_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (subscription_id) DO UPDATE SET role = EXCLUDED.role, scopes = EXCLUDED.scopes, name = EXCLUDED.name, hpr_number = EXCLUDED.hpr_number,
       organization_number = EXCLUDED.organization_number, parent_organization_number = EXCLUDED.parent_organization_number, resh_id = EXCLUDED.resh_id
     WHERE subscription_owner.subject = EXCLUDED.subject AND subscription_owner.client_id IS NOT DISTINCT FROM EXCLUDED.client_id`,
    [
      subscriptionId,
      owner.subject,
      owner.role,
      owner.clientId ?? null,
      owner.scopes,
      owner.name ?? null,
      owner.hprNumber ?? null,
      owner.organizationNumber ?? null,
      owner.parentOrganizationNumber ?? null,
      owner.reshId ?? null,
    ],
  );
  return (rowCount ?? 0) > 0;
}
