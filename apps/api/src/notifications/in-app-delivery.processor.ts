import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { LiveEvent, QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { socketEmitter } from '../live/socket-io-redis.adapter';
import { Job, Worker, startWorker } from '../queues/bullmq.adapter';
import { Notification } from './notification.store';
import { roomOf } from './recipients';
import { LIVE_NAMESPACE } from '../live/live.gateway';

/** Pushes stored notifications to their recipient's room, on whichever API instance the browser is connected to. */
@Injectable()
export class InAppDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InAppDelivery');
  private worker?: Worker<Notification>;
  private redis?: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const { emitter, redis } = socketEmitter(this.config);
    this.redis = redis;
    this.worker = startWorker<Notification>(QueueName.InAppDelivery, this.config, async (job: Job<Notification>) => {
      emitter.of(LIVE_NAMESPACE).to(roomOf(job.data.recipient)).emit(LiveEvent.Notification, job.data);
    });
    this.worker.on('failed', (job, error) => this.logger.warn(`notification ${job?.data.id} not pushed: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.redis?.disconnect();
  }
}
