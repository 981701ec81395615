import { Resource } from '@app/fhir';
import { ResourceWriteRule, WriteRuleContext } from './resource-write.rule';
import { WriteRuleRegistry } from './write-rule.registry';

const context = (): WriteRuleContext => ({ client: {} as WriteRuleContext['client'], ifMatchGiven: false, scratch: new Map(), eventFacts: {} });
const task = (kind: string): Resource => ({ resourceType: 'Task', code: { coding: [{ system: 'urn:bro:task-kind', code: kind }] } });
const kindOf = (resource: Resource) => (resource.code as { coding: Array<{ code: string }> } | undefined)?.coding[0]?.code;

function ruleFor(kind: string | undefined, seen: string[]): ResourceWriteRule {
  return {
    ...(kind ? { appliesTo: (resource: Resource) => kindOf(resource) === kind } : {}),
    async prepare(next) {
      seen.push(`prepare ${kind ?? 'all'}`);
      return { ...next, note: [...((next.note as unknown[]) ?? []), { text: kind ?? 'all' }] };
    },
    async afterWrite() {
      seen.push(`after ${kind ?? 'all'}`);
    },
    async beforeDelete() {
      seen.push(`delete ${kind ?? 'all'}`);
    },
  };
}

describe('WriteRuleRegistry', () => {
  it('runs every rule on a type that applies, in the order registered, each seeing what the last made', async () => {
    const seen: string[] = [];
    const registry = new WriteRuleRegistry();
    registry.register('Task', ruleFor(undefined, seen));
    registry.register('Task', ruleFor('discharge-follow-up', seen));
    const rules = registry.applicable(task('discharge-follow-up'));
    const prepared = await registry.prepare(rules, task('discharge-follow-up'), undefined, context());
    await registry.afterWrite(rules, { resource: prepared, versionId: 1, lastUpdated: '' }, undefined, context());
    expect(prepared.note).toEqual([{ text: 'all' }, { text: 'discharge-follow-up' }]);
    expect(seen).toEqual(['prepare all', 'prepare discharge-follow-up', 'after all', 'after discharge-follow-up']);
  });

  it("leaves a rule out for resources its selector does not take, and for other types", async () => {
    const seen: string[] = [];
    const registry = new WriteRuleRegistry();
    registry.register('Task', ruleFor('discharge-follow-up', seen));
    registry.register('Task', ruleFor('referral', seen));
    expect(registry.applicable(task('referral'))).toHaveLength(1);
    await registry.beforeDelete({ resource: task('referral'), versionId: 1, lastUpdated: '' }, context());
    expect(seen).toEqual(['delete referral']);
    expect(registry.applicable({ resourceType: 'Patient' })).toEqual([]);
  });

  it('keeps a rule on a change that rewrites what selects it', () => {
    const registry = new WriteRuleRegistry();
    registry.register('Task', ruleFor('discharge-follow-up', []));
    expect(registry.applicable(task('referral'), task('discharge-follow-up'))).toHaveLength(1);
  });

  it('refuses the same rule twice', () => {
    const registry = new WriteRuleRegistry();
    const rule = ruleFor(undefined, []);
    registry.register('Task', rule);
    expect(() => registry.register('Task', rule)).toThrow(/twice/);
  });
});
