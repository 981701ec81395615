import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DatabaseEpoch } from '../database/database-epoch';
import { deliveryJobId } from '../outbox/outbox-row';
import { ProducerQueues, Queue } from '../queues/bullmq.adapter';
import { Notification } from './notification.store';

/** Queues stored notifications for live delivery, one job per notification however often it is queued. */
@Injectable()
export class NotificationDeliveryQueue implements OnApplicationShutdown {
  private readonly producer: ProducerQueues;
  private readonly queue: Queue<Notification>;

  constructor(
    private readonly epoch: DatabaseEpoch,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.producer = new ProducerQueues(config);
    this.queue = this.producer.open<Notification>(QueueName.InAppDelivery);
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }

  async push(notifications: Notification[]): Promise<void> {
    if (notifications.length === 0) return;
    const epoch = await this.epoch.get();
    await this.queue.addBulk(
      notifications.map((n) => ({ name: n.kind, data: n, opts: { jobId: deliveryJobId(epoch, n.id), removeOnComplete: { age: 3600 }, attempts: 3 } })),
    );
  }
}
