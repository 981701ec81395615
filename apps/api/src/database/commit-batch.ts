/**
 * Rows a transaction appends as it goes (outbox events, audit entries) and writes in one statement
 * per kind just before it commits: a hand-over of six resources is one outbox INSERT and one audit
 * INSERT, not eleven and six. Kinds flush in the order they were first used.
 */
export class CommitBatch {
  private readonly kinds = new Map<string, { items: unknown[]; flush: (items: unknown[]) => Promise<void> }>();

  add<T>(kind: string, items: T[], flush: (items: T[]) => Promise<void>): void {
    const entry = this.kinds.get(kind) ?? { items: [], flush: flush as (items: unknown[]) => Promise<void> };
    entry.items.push(...items);
    this.kinds.set(kind, entry);
  }

  async flush(): Promise<void> {
    for (const [kind, entry] of this.kinds) {
      this.kinds.delete(kind);
      if (entry.items.length) await entry.flush(entry.items);
    }
  }
}
