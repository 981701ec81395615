import { Module } from '@nestjs/common';
import { BoardPanelsModule } from '../../board-panels/board-panels.module';
import { RevolvingDoorBoardPanelProvider } from './revolving-door-board-panel.provider';
import { RevolvingDoorFiguresQuery } from './revolving-door-figures.query';
import { RevolvingDoorQualityController } from './revolving-door-quality.controller';

/**
 * The revolving-door figures: the board's panel (registered here, in the API and the worker alike) and the
 * quality team's figures (`/api/quality/revolving-door`).
 */
@Module({
  imports: [BoardPanelsModule],
  controllers: [RevolvingDoorQualityController],
  providers: [RevolvingDoorFiguresQuery, RevolvingDoorBoardPanelProvider],
})
export class RevolvingDoorLoadModule {}
