import { Injectable } from '@nestjs/common';
import { BoardPanelKey } from '@app/fhir/board/board-metrics';
import { BoardPanelProvider } from './board-panel.provider';

/**
 * The board's panel providers, registered by the workflows that have figures to show (each in its own
 * module's start-up). The board assembles whatever is registered and names no workflow itself.
 */
@Injectable()
export class BoardPanelRegistry {
  private readonly providers = new Map<BoardPanelKey, BoardPanelProvider>();

  register<K extends BoardPanelKey>(provider: BoardPanelProvider<K>): void {
    if (this.providers.has(provider.panel)) throw new Error(`the board panel "${provider.panel}" is registered twice`);
    this.providers.set(provider.panel, provider as unknown as BoardPanelProvider);
  }

  /** Every registered provider, in the order registered. */
  all(): BoardPanelProvider[] {
    return [...this.providers.values()];
  }
}
