import { Module } from '@nestjs/common';
import { QueueHealthService } from '../ops/queue-health.service';
import { BoardChanges } from './board-changes';
import { BoardPanelsModule } from '../board-panels/board-panels.module';
import { BoardSnapshotService } from './board-snapshot.service';
import { BoardStateStore } from './board-state.store';
import { BoardPublisher } from './board.publisher';
import { OrganizationNames } from '../directory/organization-names';

/** The worker side of the board: marks the boards each change touches, and publishes their deltas once a second. */
@Module({
  imports: [BoardPanelsModule],
  providers: [OrganizationNames, BoardSnapshotService, BoardStateStore, QueueHealthService, BoardChanges, BoardPublisher],
  exports: [BoardChanges],
})
export class BoardWorkersModule {}
