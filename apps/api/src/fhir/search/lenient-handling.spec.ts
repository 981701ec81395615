import { parseSearchRequest } from './search-request.parser';

const limits = { defaultPageSize: 20, maxPageSize: 100 };

describe('Prefer: handling=lenient', () => {
  it('leaves out unknown parameters and modifiers, keeping them out of the links', () => {
    const request = parseSearchRequest('Task', [['status', 'requested'], ['colour', 'blue'], ['status:fancy', 'x'], ['_include:recurse', 'Task:owner']], limits, { lenient: true });
    expect(request.ignored.map((ignored) => ignored.name)).toEqual(['colour', 'status:fancy', '_include:recurse']);
    expect(request.definingParams).toEqual([['status', 'requested']]);
    expect(request.filters).toHaveLength(1);
  });

  it('refuses what it would refuse strictly when the parameter is known', () => {
    expect(() => parseSearchRequest('Task', [['authored-on', 'yesterday'], ['colour', 'blue']], limits, { lenient: true })).toThrow(/authored-on/);
    expect(() => parseSearchRequest('Task', [['colour', 'blue']], limits)).toThrow(/colour/);
  });

  it('caps _count at the maximum and says so in the links', () => {
    const request = parseSearchRequest('Task', [['_count', '5000']], limits);
    expect([request.count, request.definingParams]).toEqual([100, [['_count', '100']]]);
  });
});
