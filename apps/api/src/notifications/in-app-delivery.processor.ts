import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { LiveEvent, QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { socketEmitter } from '../live/socket-io-redis.adapter';
import { Job, Worker, startWorker } from '../queues/bullmq.adapter';
import { JobBatcher } from '../queues/job-batcher';
import { Notification, NotificationStore } from './notification.store';
import { roomOf } from './recipients';
import { LIVE_NAMESPACE } from './live.gateway';

/** Pushes marked together at most (the worker runs 32 jobs at a time). */
const MAX_BATCH = 64;

/**
 * Pushes stored notifications to their recipient's room, on whichever API instance the browser is
 * connected to, and marks them pushed (one statement for the pushes running together): until then the
 * push is owed, and queued again if Redis forgets it.
 */
@Injectable()
export class InAppDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InAppDelivery');
  private readonly marking = new JobBatcher<string>((ids) => this.store.markPushed(ids).then(() => []), MAX_BATCH);
  private worker?: Worker<Notification>;
  private redis?: Redis;

  constructor(
    private readonly store: NotificationStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { emitter, redis } = socketEmitter(this.config);
    this.redis = redis;
    this.worker = startWorker<Notification>(QueueName.InAppDelivery, this.config, async (job: Job<Notification>) => {
      emitter.of(LIVE_NAMESPACE).to(roomOf(job.data.recipient)).emit(LiveEvent.Notification, job.data);
      await this.marking.add(job.data.id);
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`notification ${job?.data.id} not pushed: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.redis?.disconnect();
  }
}
