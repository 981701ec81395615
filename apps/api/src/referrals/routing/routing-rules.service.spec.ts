import { DomainError } from '../../common/errors/domain-error';
import { Principal } from '../../auth/principal';
import { MAX_PROBLEMS_SHOWN, MAX_ROUTING_COMMENT_LENGTH, changedByOf, readRoutingRulesChange, routingRuleRefusal } from './routing-rules.service';

const refusalOf = (read: () => unknown): DomainError => {
  try {
    read();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('readRoutingRulesChange', () => {
  const rules = [{ id: 'alle', routeTo: 'HealthcareService/lavterskel' }];

  it('takes rules and a comment, trimmed, with the version given beside them', () => {
    expect(readRoutingRulesChange({ version: 3, rules, comment: '  ny regel  ' }, 3)).toEqual({ version: 3, rules, comment: 'ny regel' });
    expect(readRoutingRulesChange({ rules, comment: '   ' }, 0)).toEqual({ version: 0, rules });
  });

  it('refuses what is no object, fields it does not take and a missing rule set, naming the field', () => {
    expect(refusalOf(() => readRoutingRulesChange([rules], 0)).status).toBe(400);
    const unknown = refusalOf(() => readRoutingRulesChange({ rules, changedBy: 'someone else' }, 0));
    expect([unknown.status, unknown.issues[0].expression]).toEqual([400, ['changedBy']]);
    expect(refusalOf(() => readRoutingRulesChange({ version: 0 }, 0)).issues[0].expression).toEqual(['rules']);
  });

  it('refuses a NUL anywhere and nesting deeper than Bro takes, before anything walks the rules', () => {
    const nul = refusalOf(() => readRoutingRulesChange({ rules: [{ id: 'a', routeTo: 'HealthcareService/x', description: 'a\u0000b' }] }, 0));
    expect(nul.status).toBe(400);
    expect(nul.message).toContain('NUL');
    let deep: unknown = 'bottom';
    for (let level = 0; level < 5_000; level++) deep = [deep];
    const nested = refusalOf(() => readRoutingRulesChange({ rules: [{ id: 'a', routeTo: 'HealthcareService/x', reasons: deep }] }, 0));
    expect(nested.status).toBe(400);
    expect(nested.message).toContain('nested more than');
  });

  it('refuses a comment that is not text or too long', () => {
    expect(refusalOf(() => readRoutingRulesChange({ rules, comment: 7 }, 0)).issues[0].expression).toEqual(['comment']);
    expect(refusalOf(() => readRoutingRulesChange({ rules, comment: 'x'.repeat(MAX_ROUTING_COMMENT_LENGTH + 1) }, 0)).status).toBe(400);
  });
});

describe('routingRuleRefusal', () => {
  it('names every problem with its place, as one refusal', () => {
    const refusal = routingRuleRefusal(422, [
      { path: 'rules[0].id', message: 'id a is used twice' },
      { path: 'rules[1].routeTo', message: 'HealthcareService/x is no HealthcareService in the directory' },
    ]);
    expect(refusal.status).toBe(422);
    expect(refusal.issues.map((issue) => issue.expression)).toEqual([['rules[0].id'], ['rules[1].routeTo']]);
    expect(refusal.message).toBe('rules[0].id: id a is used twice; rules[1].routeTo: HealthcareService/x is no HealthcareService in the directory');
  });

  it('names at most MAX_PROBLEMS_SHOWN, the last saying how many more there are', () => {
    const problems = Array.from({ length: 1_000 }, (_, index) => ({ path: `rules[0].hospitalUnits[${index}]`, message: 'is no Organization in the directory' }));
    const refusal = routingRuleRefusal(422, problems);
    expect(refusal.issues).toHaveLength(MAX_PROBLEMS_SHOWN);
    expect(refusal.issues.at(-1)!.diagnostics).toBe(`rules: and ${1_000 - MAX_PROBLEMS_SHOWN + 1} more problems`);
  });
});

describe('changedByOf', () => {
  const admin = { subject: 'admin', role: 'admin', scopes: [], tokenExpiresAt: 0 } as Principal;
  it('is the administrator by name and user id, or the id alone', () => {
    expect(changedByOf({ ...admin, name: 'Anne Admin' })).toBe('Anne Admin (admin)');
    expect(changedByOf(admin)).toBe('admin');
  });
});
