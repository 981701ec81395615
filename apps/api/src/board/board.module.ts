import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DirectoryModule } from '../directory/directory.module';
import { OpsModule } from '../ops/ops.module';
import { BoardPanelsModule } from '../board-panels/board-panels.module';
import { BoardScopesService } from './board-scopes.service';
import { BoardSnapshotService } from './board-snapshot.service';
import { BoardStateStore } from './board-state.store';
import { BoardController } from './board.controller';
import { BoardGateway } from './board.gateway';
import { BoardService } from './board.service';
import { OrganizationNames } from '../directory/organization-names';

/** The API side of the live board: REST and the `/board` socket, showing the panels the workflows registered. */
@Module({
  imports: [AuthModule, DirectoryModule, OpsModule, BoardPanelsModule],
  controllers: [BoardController],
  providers: [OrganizationNames, BoardSnapshotService, BoardStateStore, BoardScopesService, BoardService, BoardGateway],
})
export class BoardModule {}
