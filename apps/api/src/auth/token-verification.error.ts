/** Why an access token was not accepted; `identity_provider_unreachable` is ours to fix, not the caller's. */
export type TokenRejectionReason =
  | 'malformed'
  | 'signature_invalid'
  | 'token_expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'not_an_access_token'
  | 'missing_claim'
  | 'unknown_role'
  | 'identity_provider_unreachable';

const DEFAULT_MESSAGES: Record<TokenRejectionReason, string> = {
  malformed: 'malformed token',
  signature_invalid: 'signature invalid',
  token_expired: 'token expired',
  not_yet_valid: 'token not yet valid',
  wrong_issuer: 'wrong issuer',
  wrong_audience: 'wrong audience',
  not_an_access_token: 'not an access token',
  missing_claim: 'token lacks a required claim',
  unknown_role: 'token carries no known bro_role',
  identity_provider_unreachable: 'identity provider unreachable',
};

/** A token that was not accepted; the message is fit to show the caller (it names no secrets). */
export class TokenVerificationError extends Error {
  constructor(
    readonly reason: TokenRejectionReason,
    message: string = DEFAULT_MESSAGES[reason],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TokenVerificationError';
  }

  /** True when the token could not be checked at all (answer 503), rather than being wrong (401). */
  get identityProviderUnreachable(): boolean {
    return this.reason === 'identity_provider_unreachable';
  }
}
