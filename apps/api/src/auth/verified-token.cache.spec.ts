import { VerifiedTokenCache } from './verified-token.cache';

describe('VerifiedTokenCache', () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('returns an entry until the moment it stops being valid, and not from then on', () => {
    const cache = new VerifiedTokenCache<string>(10, clock);
    cache.set('token', 'gp', now + 5_000);

    now += 4_999;
    expect(cache.get('token')).toBe('gp');
    now += 1;
    expect(cache.get('token')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not keep what is already invalid', () => {
    const cache = new VerifiedTokenCache<string>(10, clock);
    cache.set('token', 'gp', now);
    expect(cache.size).toBe(0);
  });

  it('never holds more than its capacity, dropping expired entries before live ones', () => {
    const cache = new VerifiedTokenCache<string>(3, clock);
    cache.set('a', 'A', now + 100_000);
    cache.set('short', 'S', now + 10);
    cache.set('b', 'B', now + 100_000);
    now += 2_000;

    cache.set('c', 'C', now + 100_000);

    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'short'].map((token) => cache.get(token))).toEqual(['A', 'B', 'C', undefined]);
  });

  it('drops the oldest entry when full of live ones', () => {
    const cache = new VerifiedTokenCache<string>(2, clock);
    cache.set('a', 'A', now + 100_000);
    cache.set('b', 'B', now + 100_000);
    cache.set('c', 'C', now + 100_000);

    expect(cache.size).toBe(2);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'B', 'C']);
  });
});
