import { Module } from '@nestjs/common';
import { QueueHealthService } from '../ops/queue-health.service';
import { BoardChanges } from './board-changes';
import { BoardSnapshotService } from './board-snapshot.service';
import { BoardStateStore } from './board-state.store';
import { BoardPublisher } from './board.publisher';
import { OrganizationNames } from './organization-names';
import { TaskLoadQuery } from './task-load.query';
import { BoardLiveFiguresQuery } from './board-live-figures.query';
import { BoardTrendFiguresQuery } from './board-trend-figures.query';

/** The worker side of the board: marks the boards each change touches, and publishes their deltas once a second. */
@Module({
  providers: [TaskLoadQuery, BoardLiveFiguresQuery, BoardTrendFiguresQuery, OrganizationNames, BoardSnapshotService, BoardStateStore, QueueHealthService, BoardChanges, BoardPublisher],
  exports: [BoardChanges],
})
export class BoardWorkersModule {}
