import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { LiveEvent } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { socketEmitter } from '../live/socket-io-redis.adapter';
import { JobBatcher } from '../queues/job-batcher';
import { LIVE_NAMESPACE } from './live.gateway';
import { Notification, NotificationStore } from './notification.store';
import { roomOf } from './recipients';

/** Pushes marked together at most. */
const MAX_BATCH = 64;

/**
 * Hands stored notifications to their recipients' rooms, on whichever API instance each browser is
 * connected to (socket.io's Redis emitter), and marks them pushed: until then the push is owed, and the
 * reconciler queues it again. Matching pushes what a batch stored right after it committed, with no
 * queue hop on the way to the GP's screen; the delivery queue carries only what the reconciler sends again.
 */
@Injectable()
export class LivePush implements OnApplicationShutdown {
  private readonly socket: ReturnType<typeof socketEmitter>;
  private readonly underWay = new Set<Promise<void>>();
  private stopping = false;
  private readonly marking = new JobBatcher<string[]>((batches) => this.store.markPushed(batches.flat()).then(() => batches.map(() => undefined)), MAX_BATCH);

  constructor(
    private readonly store: NotificationStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.socket = socketEmitter(config);
  }

  /**
   * Workers still finishing their jobs may push while the process stops: those pushes are refused (their
   * notifications stay owed, and the reconciler queues them again), and the ones under way are sent before
   * the connection closes.
   */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.underWay);
    await this.socket.redis.quit().catch(() => this.socket.redis.disconnect());
  }

  /** Emits each notification (Redis away: sent when it is back) and resolves once they are marked pushed. */
  async push(notifications: Notification[]): Promise<void> {
    if (notifications.length === 0) return;
    if (this.stopping) throw new Error('not pushed: this process is stopping');
    const pushing = this.emitAndMark(notifications);
    this.underWay.add(pushing);
    try {
      await pushing;
    } finally {
      this.underWay.delete(pushing);
    }
  }

  private async emitAndMark(notifications: Notification[]): Promise<void> {
    const live = this.socket.emitter.of(LIVE_NAMESPACE);
    for (const notification of notifications) live.to(roomOf(notification.recipient)).emit(LiveEvent.Notification, notification);
    await this.marking.add(notifications.map((notification) => notification.id));
  }
}
