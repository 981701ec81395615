import { Module } from '@nestjs/common';
import { BoardPanelsModule } from '../../board-panels/board-panels.module';
import { DischargeBoardPanelProvider } from './discharge-board-panel.provider';
import { DischargeLiveFiguresQuery } from './discharge-live-figures.query';
import { DischargeTrendFiguresQuery } from './discharge-trend-figures.query';
import { TaskLoadProjection } from './task-load.projection';
import { TaskLoadQuery } from './task-load.query';

/**
 * `task_load`, the discharge tasks' row per task: kept in step by the Task rule (the projection), read
 * by the discharge panel of the live board (registered here) and by the quality dashboard.
 */
@Module({
  imports: [BoardPanelsModule],
  providers: [TaskLoadProjection, TaskLoadQuery, DischargeLiveFiguresQuery, DischargeTrendFiguresQuery, DischargeBoardPanelProvider],
  exports: [TaskLoadProjection, TaskLoadQuery],
})
export class TaskLoadModule {}
