import { decideEndpoint, endpointAddressProblem, isAllowListed } from './subscription-endpoint';

describe('rest-hook endpoints', () => {
  it('needs https, except to an allow-listed host (any port, or the one named)', () => {
    expect(decideEndpoint('http://receiver.example/hook', [])).toMatch(/https/);
    expect(typeof decideEndpoint('https://receiver.example/hook', [])).toBe('object');
    expect(typeof decideEndpoint('http://127.0.0.1:8080/hook', ['127.0.0.1'])).toBe('object');
    expect(typeof decideEndpoint('http://127.0.0.1:8080/hook', ['127.0.0.1:8080'])).toBe('object');
    expect(decideEndpoint('http://127.0.0.1:8081/hook', ['127.0.0.1:8080'])).toMatch(/https/);
    expect(isAllowListed(new URL('http://127.0.0.1/hook'), ['127.0.0.1:80'])).toBe(true);
    expect(decideEndpoint('https://user:secret@receiver.example/hook', [])).toMatch(/credentials/);
  });

  it.each(['https://127.0.0.1/', 'https://169.254.169.254/', 'https://0.0.0.0/', 'https://[::1]/', 'https://2130706433/', 'https://10.0.0.1/', 'https://[::ffff:127.0.0.1]/', 'https://localhost/'])(
    'refuses %s, a non-public address',
    async (endpoint) => {
      const decision = decideEndpoint(endpoint, []);
      if (typeof decision === 'string') throw new Error(decision);
      expect(await endpointAddressProblem(decision)).toMatch(/not a public address/);
    },
  );

  it('lets a public address through, and an allow-listed local one', async () => {
    const decision = decideEndpoint('https://93.184.215.14/hook', []);
    if (typeof decision === 'string') throw new Error(decision);
    expect(await endpointAddressProblem(decision)).toBeUndefined();
    const local = decideEndpoint('http://127.0.0.1:9/hook', ['127.0.0.1']);
    if (typeof local === 'string') throw new Error(local);
    expect(await endpointAddressProblem(local)).toBeUndefined();
  });
});
