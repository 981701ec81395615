import { Injectable } from '@nestjs/common';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { Database } from '../database/sql-client';
import { OutboxRow, changesOf } from '../outbox/outbox-row';
import { BoardStateStore } from './board-state.store';

/** The boards a task counts on: the municipality's, its hospital's and its GP office's. */
export function scopesOfTask(row: { hospital: string | null; gp_office: string | null }): BoardScope[] {
  const scopes: BoardScope[] = ['municipality'];
  if (row.hospital) scopes.push(`hospital:${row.hospital}` as BoardScope);
  if (row.gp_office) scopes.push(`office:${row.gp_office}` as BoardScope);
  return scopes;
}

/**
 * Marks the boards an outbox event changes, for the publisher's next frame. A task that moved to
 * another office is marked where it is now; its old office's board catches up at the publisher's
 * periodic refresh.
 */
@Injectable()
export class BoardChanges {
  constructor(
    private readonly database: Database,
    private readonly state: BoardStateStore,
  ) {}

  async onEvents(events: OutboxRow[]): Promise<void> {
    // Every write of a Task makes one resource.changed event; its transition event would mark the same boards again.
    const taskIds = changesOf(events, 'Task').map((event) => event.resource_id!);
    if (taskIds.length === 0) return;
    try {
      const { rows } = await this.database.query<{ hospital: string | null; gp_office: string | null }>(
        'SELECT DISTINCT hospital, gp_office FROM task_load WHERE task_id = ANY($1::text[])',
        [taskIds],
      );
      await this.state.markChanged([...new Set<BoardScope>(['municipality', ...rows.flatMap(scopesOfTask)])]);
    } catch {
      // Boards catch up at the publisher's periodic refresh; a notification is not held back for them.
    }
  }
}
