import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DirectoryModule } from '../directory/directory.module';
import { OpsModule } from '../ops/ops.module';
import { BoardScopesService } from './board-scopes.service';
import { BoardSnapshotService } from './board-snapshot.service';
import { BoardStateStore } from './board-state.store';
import { BoardController } from './board.controller';
import { BoardGateway } from './board.gateway';
import { BoardService } from './board.service';
import { OrganizationNames } from './organization-names';
import { QualityController } from './quality.controller';
import { QualityReportService } from './quality-report.service';
import { TaskLoadQuery } from './task-load.query';
import { BoardLiveFiguresQuery } from './board-live-figures.query';
import { BoardTrendFiguresQuery } from './board-trend-figures.query';

/** The API side of the live board and the quality dashboard: REST, the `/board` socket, the report and its CSV. */
@Module({
  imports: [AuthModule, DirectoryModule, OpsModule],
  controllers: [BoardController, QualityController],
  providers: [TaskLoadQuery, BoardLiveFiguresQuery, BoardTrendFiguresQuery, OrganizationNames, BoardSnapshotService, BoardStateStore, BoardScopesService, BoardService, BoardGateway, QualityReportService],
})
export class BoardModule {}
