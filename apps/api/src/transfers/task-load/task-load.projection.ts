import { Injectable } from '@nestjs/common';
import { SqlClient } from '../../database/sql-client';

/**
 * Keeps `task_load` (the discharge figures' row per task) in step with the Task in the same transaction: the
 * tasks a transaction touched are re-projected in one statement just before it commits, so a
 * hand-over of six tasks costs one extra statement, and a rolled-back write leaves no trace.
 */
@Injectable()
export class TaskLoadProjection {
  async refresh(client: SqlClient, taskId: string): Promise<void> {
    if (client.commitBatch) {
      client.commitBatch.add('task-load', [taskId], (ids) => this.project(client, ids));
      return;
    }
    await this.project(client, [taskId]);
  }

  private async project(client: SqlClient, taskIds: string[]): Promise<void> {
    await client.query('SELECT refresh_task_load($1::text[])', [[...new Set(taskIds)]]);
  }
}
