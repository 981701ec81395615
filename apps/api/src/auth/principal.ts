import type { Request } from 'express';

/** What a person or system may do in Bro, carried by the identity provider in the `bro_role` claim. */
export type BroRole = 'gp' | 'coordinator' | 'quality' | 'privacy' | 'lowthreshold' | 'admin' | 'system';

export const BRO_ROLES: readonly BroRole[] = ['gp', 'coordinator', 'quality', 'privacy', 'lowthreshold', 'admin', 'system'];

/** Roles that treat patients, and so may be given access by care relationship (or by emergency). */
export const CLINICAL_ROLES: readonly BroRole[] = ['gp', 'coordinator', 'lowthreshold'];

/** Access-token claim names, as HelseID spells them (and Bro's own `bro_*` additions). */
export const Claim = {
  hprNumber: 'helseid://claims/hpr/hpr_number',
  /** The legal entity's orgnr (for a hospital unit: its hospital's). */
  orgnrParent: 'helseid://claims/client/claims/orgnr_parent',
  /** The sub-unit's own orgnr, present only when the caller belongs to a sub-unit. */
  orgnrChild: 'helseid://claims/client/claims/orgnr_child',
  role: 'bro_role',
  reshId: 'bro_resh_id',
  name: 'name',
  clientId: 'client_id',
  scope: 'scope',
} as const;

/** The caller of a request, as established from a verified access token. */
export interface Principal {
  /** The token's `sub`: the user (demo username in development) or, for system clients, the client id. */
  subject: string;
  role: BroRole;
  name?: string;
  hprNumber?: string;
  /** The caller's own organisation: orgnr_child when they belong to a sub-unit, else orgnr_parent. */
  organizationNumber?: string;
  parentOrganizationNumber?: string;
  reshId?: string;
  /** The OAuth client the token was issued to (`client_id`). */
  clientId?: string;
  scopes: string[];
  /** The token's `exp`, in seconds since the epoch. */
  tokenExpiresAt: number;
  /** Where the request came from (for the audit trail); set per request, not from the token. */
  sourceAddress?: string;
  /** Emergency access (nødrett, "break the glass"): the reason the clinician gave on this request. */
  emergencyAccessReason?: string;
}

/** An HTTP request that passed the bearer-token guard. */
export interface AuthenticatedRequest extends Request {
  principal: Principal;
}
