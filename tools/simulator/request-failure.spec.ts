import { RequestFailure, networkFailure, redactPersonNumbers } from './request-failure';

describe('request failures', () => {
  it('never carries a fødselsnummer into the output', () => {
    const failure = new RequestFailure(409, 'another Patient already has the identifier urn:oid:2.16.578.1.12.4.1.4.1|01898727919');
    expect(failure.message).toBe('another Patient already has the identifier urn:oid:2.16.578.1.12.4.1.4.1|***********');
    expect(redactPersonNumbers('Task/123 version 12345678901234')).toBe('Task/123 version 12345678901234');
  });

  it('is counted by status, or as network or timeout when no answer came', () => {
    expect(new RequestFailure(412, 'stale').kind).toBe('412');
    expect(networkFailure(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'http://x').kind).toBe('network');
    expect(networkFailure(Object.assign(new Error('aborted'), { name: 'TimeoutError' }), 'http://x').kind).toBe('timeout');
  });
});
