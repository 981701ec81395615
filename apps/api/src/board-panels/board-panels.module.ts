import { Module } from '@nestjs/common';
import { BoardPanelRegistry } from './board-panels.registry';

/**
 * Where workflows register their board panels: one registry shared by the board (API and worker) and
 * every workflow module that imports this one.
 */
@Module({
  providers: [BoardPanelRegistry],
  exports: [BoardPanelRegistry],
})
export class BoardPanelsModule {}
