interface Waiting<T, R> {
  item: T;
  done: (result: R) => void;
  fail: (error: unknown) => void;
}

/**
 * Lets a queue worker handle the jobs it runs concurrently together: each job joins the batch being
 * gathered and settles, with its own result, when that batch is handled. A database or Redis round
 * trip costs about the same for one item as for fifty, so a busy worker shares each one among many
 * jobs.
 *
 * A batch starts as soon as the one before is done, with no timer: an idle worker handles a lone job
 * at once, a busy one gathers what arrived meanwhile. A batch that fails is handled again job by
 * job, so a bad job fails (and is retried by the queue) alone.
 */
export class JobBatcher<T, R = void> {
  private waiting: Array<Waiting<T, R>> = [];
  private running = false;

  /** `handle` answers the items' results in the items' order. */
  constructor(
    private readonly handle: (items: T[]) => Promise<R[]>,
    private readonly maxBatch: number,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((done, fail) => {
      this.waiting.push({ item, done, fail });
      if (this.running) return;
      this.running = true;
      // Jobs handed over in the same turn of the event loop join the first batch.
      // drain answers every item itself; should it ever fail as a whole, the items still waiting fail rather than hang.
      setImmediate(() => void this.drain().catch((error: unknown) => this.waiting.splice(0).forEach((entry) => entry.fail(error))));
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const results = await this.handle(batch.map((entry) => entry.item));
          batch.forEach((entry, i) => entry.done(results[i]));
        } catch (error) {
          if (batch.length === 1) batch[0].fail(error);
          else await Promise.all(batch.map((entry) => this.handle([entry.item]).then(([result]) => entry.done(result), entry.fail)));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
