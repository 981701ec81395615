import { RoutingRule, pickRoutingRule, routingRuleProblems } from './routing-rules';

const service = (id: string) => `HealthcareService/${id}`;

describe('routing rules', () => {
  const rules: RoutingRule[] = [
    { id: 'psyk', hospitalUnits: ['Organization/psyk'], routeTo: service('psykisk-helse') },
    { id: 'primaer', reasons: ['PRIMAERHELSETJENESTE'] as RoutingRule['reasons'], routeTo: service('primaer'), triageWorkingDays: 3 },
    { id: 'alle', routeTo: service('lavterskel') },
  ];

  it('routes by the first rule that matches, the catch-all last', () => {
    expect(pickRoutingRule(rules, { reason: 'PRIMAERHELSETJENESTE', hospitalUnit: 'Organization/psyk' })?.id).toBe('psyk');
    expect(pickRoutingRule(rules, { reason: 'PRIMAERHELSETJENESTE', hospitalUnit: 'Organization/med' })?.id).toBe('primaer');
    expect(pickRoutingRule(rules, { reason: 'ANNET', hospitalUnit: 'Organization/med' })?.id).toBe('alle');
  });

  it('accepts a well-formed set', () => {
    expect(routingRuleProblems(rules)).toEqual([]);
  });

  it('refuses a set that could route a rejection nowhere', () => {
    expect(routingRuleProblems([])).toEqual([expect.objectContaining({ path: 'rules' })]);
    expect(routingRuleProblems(rules.slice(0, 2))).toEqual([expect.objectContaining({ path: 'rules[1]', message: expect.stringContaining('last rule') })]);
  });

  it('names every problem with its path', () => {
    const problems = routingRuleProblems([
      { id: 'a', reasons: ['UKJENT'], routeTo: 'Organization/x', triageWorkingDays: 0, extra: true },
      { id: 'a', hospitalUnits: ['HealthcareService/y'], routeTo: service('z') },
      { id: 'alle\u0000', routeTo: service('z') },
    ]);
    expect(problems.map((problem) => problem.path).sort()).toEqual(
      ['rules[0].extra', 'rules[0].reasons[0]', 'rules[0].routeTo', 'rules[0].triageWorkingDays', 'rules[1].id', 'rules[1].hospitalUnits[0]', 'rules[2].id'].sort(),
    );
  });
});
