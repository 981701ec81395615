import { Ledgers } from './settled';
import { TestApi } from './test-api';
import { callAs } from './transfers';

/** One entry of a user's in-app bell, as `/api/notifications` answers it. */
export interface BellEntry {
  id: string;
  kind: string;
  title: string;
  body?: string;
  resource?: string;
}

/** What a user's bell says about a resource, oldest first. */
export async function bell(api: TestApi, user: string, resource: string): Promise<BellEntry[]> {
  const answer = await callAs<{ notifications: BellEntry[] }>(api, user, 'GET', '/api/notifications?pageSize=100');
  if (answer.status !== 200) throw new Error(`${user}'s bell answered ${answer.status}`);
  return answer.body.notifications.filter((notification) => notification.resource === resource).reverse();
}

/** Every recipient and kind stored about a resource, in order (`kind → recipient`). */
export async function told(ledgers: Ledgers, resource: string): Promise<string[]> {
  const { rows } = await ledgers.pool.query<{ recipient: string; kind: string }>(`SELECT recipient, kind FROM notification WHERE resource = $1 ORDER BY id`, [resource]);
  return rows.map((row) => `${row.kind} → ${row.recipient}`);
}

/** The reminder kinds owed about a subject, by when they are due. */
export async function reminders(ledgers: Ledgers, subject: string): Promise<string[]> {
  const { rows } = await ledgers.pool.query<{ kind: string }>(`SELECT job->>'kind' AS kind FROM owed_reminder WHERE subject = $1 ORDER BY due_at`, [subject]);
  return rows.map((row) => row.kind);
}
