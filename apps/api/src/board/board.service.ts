import { Injectable } from '@nestjs/common';
import { BoardSnapshot } from '@app/fhir/board/board-metrics';
import { BoardKey } from './board-key';
import { BoardSnapshotService } from './board-snapshot.service';
import { BoardStateStore } from './board-state.store';

/**
 * The snapshot a board starts from. While anyone watches a scope, the publisher keeps its last sent
 * snapshot current and that is what a new board gets (deltas then follow on from its version); a
 * scope nobody watched is computed afresh as its next version. Boards opening together share one computation.
 */
@Injectable()
export class BoardService {
  private readonly loading = new Map<BoardKey, Promise<BoardSnapshot>>();

  constructor(
    private readonly snapshots: BoardSnapshotService,
    private readonly state: BoardStateStore,
  ) {}

  /** The board of a key (a scope, or a scope as one viewer reads it: `board-key.ts`). */
  current(key: BoardKey): Promise<BoardSnapshot> {
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(key).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(key: BoardKey): Promise<BoardSnapshot> {
    const [stored, watched] = await Promise.all([this.state.lastSent(key), this.state.isViewed(key)]);
    await this.state.markViewed([key]);
    // A snapshot stored before boards were made of panels is not shown: it is computed afresh.
    if (stored?.panels && watched) return stored;
    const snapshot: BoardSnapshot = { ...(await this.snapshots.snapshot(key)), version: (stored?.version ?? 0) + 1 };
    await this.state.saveSent([[key, snapshot]]);
    return snapshot;
  }
}
