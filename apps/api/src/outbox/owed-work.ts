import { Injectable } from '@nestjs/common';

/**
 * Work that PostgreSQL records as owed until its consumer has committed its effects, and that was
 * handed to a queue by job id: an outbox event to match, a Subscription delivery, a live push, a
 * reminder. The reconciler asks each kind to queue again what has been owed too long; the kinds
 * register themselves (see OwedWorkRegistry), the reconciler names none of them.
 */
export interface OwedWork {
  /** What is owed, for log lines ("outbox events", "rest-hook deliveries"). */
  readonly owedWhat: string;
  /**
   * Queues again, under the same job ids, what has been owed longer than `olderThanMs`; answers how many
   * went back. `redisLostData`: Redis came back empty, so work owed for later (a reminder days ahead) goes back too.
   */
  requeueOverdue(olderThanMs: number, redisLostData: boolean): Promise<number>;
}

/** Every kind of owed work besides the outbox events themselves: each registers itself (in `onModuleInit`). */
@Injectable()
export class OwedWorkRegistry {
  private readonly kinds: OwedWork[] = [];

  register(work: OwedWork): void {
    if (this.kinds.includes(work)) throw new Error(`${work.owedWhat} are registered twice as owed work`);
    this.kinds.push(work);
  }

  all(): readonly OwedWork[] {
    return this.kinds;
  }
}

/** Rows read per page when looking for overdue work: each page is one query and one pipelined look at Redis. */
export const OWED_PAGE = 500;

/**
 * Reads owed work page by page (keyset: each page after the last row of the one before, so rows settled
 * meanwhile shift nothing) and queues each page again; answers how many went back. `readPage` gets
 * undefined for the first page.
 */
export async function requeuePages<Row, Cursor>(
  readPage: (after: Cursor | undefined) => Promise<Row[]>,
  cursorOf: (row: Row) => Cursor,
  requeue: (page: Row[]) => Promise<number>,
): Promise<number> {
  let after: Cursor | undefined;
  let requeued = 0;
  for (;;) {
    const page = await readPage(after);
    if (page.length > 0) requeued += await requeue(page);
    if (page.length < OWED_PAGE) return requeued;
    after = cursorOf(page[page.length - 1]);
  }
}
