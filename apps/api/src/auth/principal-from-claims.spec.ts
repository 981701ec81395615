import { Claim } from './principal';
import { principalFromClaims } from './principal-from-claims';
import { TokenVerificationError } from './token-verification.error';

const exp = 1_900_000_000;

function reasonOf(claims: Record<string, unknown>): string {
  try {
    principalFromClaims(claims);
  } catch (error) {
    if (error instanceof TokenVerificationError) return `${error.reason}: ${error.message}`;
    throw error;
  }
  return 'accepted';
}

describe('principalFromClaims', () => {
  it('takes the sub-unit orgnr as the organisation and the legal entity as its parent', () => {
    expect(
      principalFromClaims({
        sub: 'coordinator',
        exp,
        [Claim.role]: 'coordinator',
        [Claim.orgnrParent]: '910000039',
        [Claim.orgnrChild]: '910000047',
        [Claim.reshId]: '4201001',
        scope: 'openid  profile',
      }),
    ).toMatchObject({ organizationNumber: '910000047', parentOrganizationNumber: '910000039', reshId: '4201001', scopes: ['openid', 'profile'] });
  });

  it('rejects tokens without a Bro role, or with one Bro does not know', () => {
    expect(reasonOf({ sub: 'x', exp })).toBe('unknown_role: token carries no bro_role');
    expect(reasonOf({ sub: 'x', exp, [Claim.role]: 'superuser' })).toBe('unknown_role: unknown bro_role "superuser"');
    expect(reasonOf({ sub: 'x', exp, [Claim.role]: ['admin'] })).toBe('unknown_role: token carries no bro_role');
  });

  it('rejects tokens without a subject', () => {
    expect(reasonOf({ exp, [Claim.role]: 'gp' })).toBe('missing_claim: token lacks the "sub" claim');
  });
});
