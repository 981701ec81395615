import { Injectable } from '@nestjs/common';
import { OutboxRow } from '../outbox/outbox-row';
import { BoardPanelRegistry } from '../board-panels/board-panels.registry';
import { BoardStateStore } from './board-state.store';

/**
 * Marks the boards outbox events change, for the publisher's next frame: each panel provider says
 * which of its boards the events move.
 */
@Injectable()
export class BoardChanges {
  constructor(
    private readonly providers: BoardPanelRegistry,
    private readonly state: BoardStateStore,
  ) {}

  async onEvents(events: OutboxRow[]): Promise<void> {
    try {
      const changed = await Promise.all(this.providers.all().map((provider) => provider.boardsChangedBy(events)));
      const scopes = [...new Set(changed.flat())];
      if (scopes.length) await this.state.markChanged(scopes);
    } catch {
      // Boards catch up at the publisher's periodic refresh; a notification is not held back for them.
    }
  }
}
