import { Injectable, OnModuleInit } from '@nestjs/common';
import { OneStatement } from '../database/one-statement';
import { EventDrafts, NotificationsChannel, OwedNotificationDrafts } from '../outbox/notifications.channel';
import { AfterCommit } from '../outbox/owed-by-batch';
import { OwedChannels } from '../outbox/owed-channels';
import { LivePush } from './live-push';
import { NotificationStore } from './notification.store';

/** The in-app notifications a batch of outbox events owes, from every handler that tells people something. */
export class OwedNotifications implements OwedNotificationDrafts {
  readonly after = AfterCommit.First;
  private readonly events: EventDrafts[] = [];

  constructor(
    private readonly store: NotificationStore,
    private readonly live: LivePush,
  ) {}

  add(event: EventDrafts): void {
    if (event.drafts.length > 0) this.events.push(event);
  }

  /** The events and their drafts, as handlers added them. */
  get drafted(): readonly EventDrafts[] {
    return this.events;
  }

  record(statement: OneStatement): string | undefined {
    return this.store.insertClause(statement, this.events);
  }

  /**
   * Pushes them live. A retried event whose notifications were stored before pushes those again (the
   * browser keeps one per id): then the whole batch's are read back.
   */
  async committed(rows: unknown[]): Promise<void> {
    const drafts = this.events.reduce((sum, event) => sum + event.drafts.length, 0);
    if (drafts === 0) return;
    const notifications = rows.length === drafts ? NotificationStore.fromRows(rows) : await this.store.ofEvents(this.events.map((event) => event.outboxId));
    await this.live.push(notifications);
  }
}

/**
 * In-app and live: the channel through which outbox handlers tell people (a GP, a GP office, a hospital
 * unit) about a change. It knows no workflow: handlers bring the recipients and the texts.
 */
@Injectable()
export class InAppNotificationsChannel implements NotificationsChannel, OnModuleInit {
  constructor(
    private readonly store: NotificationStore,
    private readonly live: LivePush,
    private readonly channels: OwedChannels,
  ) {}

  onModuleInit(): void {
    this.channels.provide(NotificationsChannel, this);
  }

  open(): OwedNotifications {
    return new OwedNotifications(this.store, this.live);
  }
}
