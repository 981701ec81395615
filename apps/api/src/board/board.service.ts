import { Injectable } from '@nestjs/common';
import { BoardScope, BoardSnapshot } from '@app/fhir/board/board-metrics';
import { BoardSnapshotService } from './board-snapshot.service';
import { BoardStateStore } from './board-state.store';

/**
 * The snapshot a board starts from. While anyone watches a scope, the publisher keeps its last sent
 * snapshot current and that is what a new board gets (deltas then follow on from its version); a
 * scope nobody watched is computed afresh as its next version. Boards opening together share one computation.
 */
@Injectable()
export class BoardService {
  private readonly loading = new Map<BoardScope, Promise<BoardSnapshot>>();

  constructor(
    private readonly snapshots: BoardSnapshotService,
    private readonly state: BoardStateStore,
  ) {}

  current(scope: BoardScope): Promise<BoardSnapshot> {
    let pending = this.loading.get(scope);
    if (!pending) {
      pending = this.load(scope).finally(() => this.loading.delete(scope));
      this.loading.set(scope, pending);
    }
    return pending;
  }

  private async load(scope: BoardScope): Promise<BoardSnapshot> {
    const [stored, watched] = await Promise.all([this.state.lastSent(scope), this.state.isViewed(scope)]);
    await this.state.markViewed([scope]);
    // A snapshot stored before boards were made of panels is not shown: it is computed afresh.
    if (stored?.panels && watched) return stored;
    const snapshot: BoardSnapshot = { ...(await this.snapshots.snapshot(scope)), version: (stored?.version ?? 0) + 1 };
    await this.state.saveSent([snapshot]);
    return snapshot;
  }
}
