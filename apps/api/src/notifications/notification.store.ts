import { Injectable } from '@nestjs/common';
import { AppNotification } from '@app/fhir/api/api-answers';
import { OneStatement } from '../database/one-statement';
import { Database } from '../database/sql-client';
import { EventDrafts, NotificationDraft } from '../outbox/notifications.channel';


/** An in-app notification; the web app reads the same type. */
export type Notification = AppNotification;

interface NotificationRow {
  id: string;
  recipient: string;
  kind: string;
  title: string;
  body: string | null;
  resource: string | null;
  sender: string | null;
  /** A Date as `pg` reads it, an ISO string when it comes back as JSON. */
  created_at: Date | string;
  read_at: Date | string | null;
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: String(row.id),
    recipient: row.recipient,
    kind: row.kind,
    title: row.title,
    ...(row.body ? { body: row.body } : {}),
    ...(row.resource ? { resource: row.resource } : {}),
    ...(row.sender ? { from: row.sender } : {}),
    createdAt: new Date(row.created_at).toISOString(),
    read: row.read_at !== null,
  };
}

const COLUMNS = 'id::text AS id, recipient, kind, title, body, resource, sender, created_at, read_at';

/** In-app notifications per recipient (a GP's PractitionerRole, a GP office, a hospital unit). */
@Injectable()
export class NotificationStore {
  constructor(private readonly database: Database) {}

  /** The insert as a clause of a larger statement; answers the clause's name (its rows are those stored), or undefined when there is nothing to store. */
  insertClause(statement: OneStatement, events: EventDrafts[]): string | undefined {
    const rows = events.flatMap((event) => event.drafts.map((draft) => ({ event, draft })));
    if (rows.length === 0) return undefined;
    const p = (values: unknown[]) => statement.param(values);
    return statement.with(
      'stored_notification',
      `INSERT INTO notification (recipient, kind, title, body, resource, outbox_id, sender)
       SELECT * FROM unnest(${p(rows.map((r) => r.draft.recipient))}::text[], ${p(rows.map((r) => r.draft.kind))}::text[], ${p(rows.map((r) => r.draft.title))}::text[],
                            ${p(rows.map((r) => r.draft.body ?? null))}::text[], ${p(rows.map((r) => r.event.resource ?? null))}::text[], ${p(rows.map((r) => r.event.outboxId))}::bigint[],
                            ${p(rows.map((r) => r.draft.from ?? null))}::text[])
       ON CONFLICT ON CONSTRAINT notification_once_per_event DO NOTHING RETURNING ${COLUMNS}`,
    );
  }

  /** Read from the rows of `insertClause` (as `pg` reads them, or as JSON). */
  static fromRows(rows: unknown[]): Notification[] {
    return (rows as NotificationRow[]).map(toNotification);
  }

  /** A reminder's notification, kept once per reminder key and recipient; undefined when it was sent before. */
  async insertReminder(reminderKey: string, resource: string, draft: NotificationDraft): Promise<Notification | undefined> {
    const { rows } = await this.database.query<NotificationRow>(
      `INSERT INTO notification (recipient, kind, title, body, resource, reminder_key, sender) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (reminder_key, recipient) WHERE reminder_key IS NOT NULL DO NOTHING RETURNING ${COLUMNS}`,
      [draft.recipient, draft.kind, draft.title, draft.body ?? null, resource, reminderKey, draft.from ?? null],
    );
    return rows[0] && toNotification(rows[0]);
  }

  /** The notifications of these events, as stored. */
  async ofEvents(outboxIds: string[]): Promise<Notification[]> {
    if (outboxIds.length === 0) return [];
    const { rows } = await this.database.query<NotificationRow>(`SELECT ${COLUMNS} FROM notification WHERE outbox_id = ANY($1::bigint[]) ORDER BY notification.id`, [outboxIds]);
    return rows.map(toNotification);
  }

  /** Their live push has been handed to the sockets' Redis channel: no longer owed. */
  async markPushed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.database.query(`UPDATE notification SET pushed_at = clock_timestamp() WHERE id = ANY($1::bigint[]) AND pushed_at IS NULL`, [ids]);
  }

  /** Notifications stored more than `olderThanMs` ago whose live push is still owed, by id after `afterId`. */
  async unpushed(olderThanMs: number, afterId: string, limit: number): Promise<Notification[]> {
    const { rows } = await this.database.query<NotificationRow>(
      `SELECT ${COLUMNS} FROM notification WHERE pushed_at IS NULL AND id > $1::bigint AND created_at < clock_timestamp() - $2 * interval '1 millisecond'
        ORDER BY notification.id LIMIT $3`,
      [afterId, olderThanMs, limit],
    );
    return rows.map(toNotification);
  }

  /** Unread first, then newest first. */
  async list(recipients: string[], page: number, pageSize: number): Promise<{ unread: number; notifications: Notification[] }> {
    const [list, unread] = await Promise.all([
      this.database.query<NotificationRow>(
        `SELECT ${COLUMNS} FROM notification WHERE recipient = ANY($1::text[])
          ORDER BY (read_at IS NULL) DESC, notification.id DESC LIMIT $2 OFFSET $3`,
        [recipients, pageSize, (page - 1) * pageSize],
      ),
      this.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE recipient = ANY($1::text[]) AND read_at IS NULL`, [recipients]),
    ]);
    return { unread: unread.rows[0].n, notifications: list.rows.map(toNotification) };
  }

  /**
   * The bell's view: unread notifications of one kind from one sender, `minimum` or more of them, as groups
   * (most recent first), and a page of the rest (unread first, newest first) without those groups' members.
   */
  async listGrouped(
    recipients: string[],
    page: number,
    pageSize: number,
    minimum: number,
  ): Promise<{ unread: number; groups: Array<{ kind: string; from: string; count: number; latestAt: string }>; notifications: Notification[] }> {
    const grouped = `SELECT kind, sender FROM notification WHERE recipient = ANY($1::text[]) AND read_at IS NULL AND sender IS NOT NULL
                      GROUP BY kind, sender HAVING count(*) >= $2`;
    const [groups, list, unread] = await Promise.all([
      this.database.query<{ kind: string; sender: string; n: number; latest: Date | string }>(
        `SELECT kind, sender, count(*)::int AS n, max(created_at) AS latest FROM notification
          WHERE recipient = ANY($1::text[]) AND read_at IS NULL AND sender IS NOT NULL
          GROUP BY kind, sender HAVING count(*) >= $2 ORDER BY max(id) DESC`,
        [recipients, minimum],
      ),
      this.database.query<NotificationRow>(
        `SELECT ${COLUMNS} FROM notification
          WHERE recipient = ANY($1::text[]) AND NOT (read_at IS NULL AND sender IS NOT NULL AND (kind, sender) IN (${grouped}))
          ORDER BY (read_at IS NULL) DESC, notification.id DESC LIMIT $3 OFFSET $4`,
        [recipients, minimum, pageSize, (page - 1) * pageSize],
      ),
      this.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE recipient = ANY($1::text[]) AND read_at IS NULL`, [recipients]),
    ]);
    return {
      unread: unread.rows[0].n,
      groups: groups.rows.map((row) => ({ kind: row.kind, from: row.sender, count: row.n, latestAt: new Date(row.latest).toISOString() })),
      notifications: list.rows.map(toNotification),
    };
  }

  /** What a reconnecting client missed: everything after the last id it saw, oldest first. */
  async since(recipients: string[], lastSeenId: string, limit = 200): Promise<Notification[]> {
    const { rows } = await this.database.query<NotificationRow>(
      `SELECT ${COLUMNS} FROM notification WHERE recipient = ANY($1::text[]) AND id > $2::bigint ORDER BY notification.id LIMIT $3`,
      [recipients, lastSeenId, limit],
    );
    return rows.map(toNotification);
  }

  async markRead(recipients: string[], id: string): Promise<boolean> {
    const { rowCount } = await this.database.query(
      `UPDATE notification SET read_at = COALESCE(read_at, clock_timestamp()) WHERE id = $1::bigint AND recipient = ANY($2::text[])`,
      [id, recipients],
    );
    return rowCount > 0;
  }

  /** Marks every unread one read, or only those of one kind and sender (a group of the bell) when given. */
  async markAllRead(recipients: string[], only?: { kind: string; from: string }): Promise<number> {
    const { rowCount } = only
      ? await this.database.query(
          `UPDATE notification SET read_at = clock_timestamp() WHERE recipient = ANY($1::text[]) AND read_at IS NULL AND kind = $2 AND sender = $3`,
          [recipients, only.kind, only.from],
        )
      : await this.database.query(`UPDATE notification SET read_at = clock_timestamp() WHERE recipient = ANY($1::text[]) AND read_at IS NULL`, [recipients]);
    return rowCount;
  }
}
