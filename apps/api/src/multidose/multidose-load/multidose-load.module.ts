import { Module } from '@nestjs/common';
import { BoardPanelsModule } from '../../board-panels/board-panels.module';
import { MultidoseBoardPanelProvider } from './multidose-board-panel.provider';
import { MultidoseCoverageQuery } from './multidose-coverage.query';
import { MultidoseFiguresController } from './multidose-figures.controller';
import { MultidoseFiguresQuery } from './multidose-figures.query';
import { MultidoseQualityController } from './multidose-quality.controller';

/**
 * e-multidose's figures: the multidose panel of the live board (registered here, in the API and the worker
 * alike) and the quality team's coverage figures (`/api/quality/multidose-coverage`).
 */
@Module({
  imports: [BoardPanelsModule],
  controllers: [MultidoseQualityController, MultidoseFiguresController],
  providers: [MultidoseCoverageQuery, MultidoseFiguresQuery, MultidoseBoardPanelProvider],
  exports: [MultidoseCoverageQuery],
})
export class MultidoseLoadModule {}
