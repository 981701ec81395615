/**
 * Verified tokens and what they verified to, so that a busy client sending the same token on every
 * request costs one signature check per token rather than one per request. Bounded: when full it first
 * drops expired entries (at most once a second), then the oldest.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, { value: T; validUntilMs: number }>();
  private lastSweepMs = 0;

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): T | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() >= entry.validUntilMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` until `validUntilMs` (epoch milliseconds), the moment the token stops being acceptable. */
  set(token: string, value: T, validUntilMs: number): void {
    if (this.capacity <= 0 || validUntilMs <= this.now()) return;
    this.entries.delete(token);
    if (this.entries.size >= this.capacity) this.makeRoom();
    this.entries.set(token, { value, validUntilMs });
  }

  clear(): void {
    this.entries.clear();
  }

  private makeRoom(): void {
    const now = this.now();
    if (now - this.lastSweepMs >= 1000) {
      this.lastSweepMs = now;
      for (const [token, entry] of this.entries) {
        if (now >= entry.validUntilMs) this.entries.delete(token);
      }
    }
    // Map iterates in insertion order: the first key is the oldest entry.
    while (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
