import { DemoTokenSource, jwtExpiryMs } from './demo-token.source';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

describe('demo token source', () => {
  it('reads the expiry of a JWT', () => {
    expect(jwtExpiryMs(jwt({ exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
    expect(jwtExpiryMs('opaque')).toBeUndefined();
    expect(jwtExpiryMs('a.%%%.c')).toBeUndefined();
  });

  it('fetches once for concurrent callers and again a minute before expiry', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const fetched: string[] = [];
    const fetchToken = jest.fn(async () => {
      const token = jwt({ exp: now / 1000 + 3600, n: fetched.length });
      fetched.push(token);
      return token;
    });
    const tokens = new DemoTokenSource('http://idp', 'gp', fetchToken);
    const [a, b] = await Promise.all([tokens.get(), tokens.get()]);
    expect(a).toBe(b);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    now += 3_530_000; // 58 min 50 s later: still valid for over a minute
    expect(await tokens.get()).toBe(a);
    now += 20_000; // less than a minute left
    expect(await tokens.get()).not.toBe(a);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    jest.restoreAllMocks();
  });

  it('fetches a new token after the API refused the current one', async () => {
    let n = 0;
    const tokens = new DemoTokenSource('http://idp', 'ehr', async () => jwt({ exp: Date.now() / 1000 + 3600, n: n++ }));
    const first = await tokens.get();
    tokens.invalidate('some older token');
    expect(await tokens.get()).toBe(first);
    tokens.invalidate(first);
    expect(await tokens.get()).not.toBe(first);
  });
});
