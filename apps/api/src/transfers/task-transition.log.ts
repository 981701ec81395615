import { Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';

export interface TaskTransition {
  taskId: string;
  versionId: number;
  from?: string;
  to: string;
  actor?: Principal;
  reasonCode?: string;
  reasonText?: string;
}

/**
 * Every status change of every Task: who, when, from, to and why, written in the transaction of the
 * change itself. Time-in-state and time-to-accept are measured from here, not from resource history.
 */
@Injectable()
export class TaskTransitionLog {
  async record(client: SqlClient, transition: TaskTransition): Promise<void> {
    const { actor } = transition;
    await client.query(
      `INSERT INTO task_status_transition
         (task_id, version_id, from_status, to_status, actor_subject, actor_role, actor_hpr, actor_organization, reason_code, reason_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        transition.taskId,
        transition.versionId,
        transition.from ?? null,
        transition.to,
        actor?.subject ?? null,
        actor?.role ?? null,
        actor?.hprNumber ?? null,
        actor?.organizationNumber ?? null,
        transition.reasonCode ?? null,
        transition.reasonText ?? null,
      ],
    );
  }

  async history(client: SqlClient, taskId: string): Promise<Array<{ from: string | null; to: string; at: string; by: string | null; reason: string | null }>> {
    const { rows } = await client.query<{ from_status: string | null; to_status: string; occurred_at: Date; actor_role: string | null; reason_code: string | null }>(
      `SELECT from_status, to_status, occurred_at, actor_role, reason_code FROM task_status_transition WHERE task_id = $1 ORDER BY occurred_at, id`,
      [taskId],
    );
    return rows.map((row) => ({ from: row.from_status, to: row.to_status, at: row.occurred_at.toISOString(), by: row.actor_role, reason: row.reason_code }));
  }
}
