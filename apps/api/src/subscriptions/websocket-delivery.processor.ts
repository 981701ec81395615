import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName, Resource } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Job, Worker, startWorker } from '../queues/bullmq.adapter';
import { ChannelType, channelOf } from './subscription-fields';
import { SubscriptionDelivery } from './subscription.matcher';
import { SubscriptionDeliveryLedger } from './subscription-delivery.ledger';
import { SubscriptionNotificationPublisher } from './subscription-notification.publisher';
import { SubscriptionDeliveryAudit } from './subscription-delivery.audit';

/** How soon a delivery waiting for an older version of its resource looks again. */
const ORDER_WAIT_MILLISECONDS = 50;

/**
 * Hands the exact version of a changed resource to the API instances holding sockets bound to the
 * Subscription, in order per resource (a newer version waits while an older one is pending), each one
 * audited under the Subscription's owner (the only one who can bind a socket to it). What
 * happens on a socket is the API's business: the worker never knows which instance holds it.
 */
@Injectable()
export class WebsocketDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebsocketDelivery');
  private worker?: Worker<SubscriptionDelivery>;

  constructor(
    private readonly ledger: SubscriptionDeliveryLedger,
    private readonly publisher: SubscriptionNotificationPublisher,
    private readonly audit: SubscriptionDeliveryAudit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<SubscriptionDelivery>(QueueName.WebsocketDelivery, this.config, (job, token) => this.deliver(job, token));
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
      this.logger.warn(`websocket notification ${job.data.eventId} given up after ${job.attemptsMade} attempts: ${error.message}`);
      // Nobody can replay a live notification later; dead, so newer versions no longer wait for it.
      void this.ledger.settle(job.data.eventId, 'dead').catch(() => undefined);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async deliver(job: Job<SubscriptionDelivery>, token?: string): Promise<void> {
    const delivery = job.data;
    const turn = await this.ledger.inTurn(job, token, ORDER_WAIT_MILLISECONDS, isLiveWebsocket);
    if (!turn) return;
    await this.audit.beforeSending(turn.owner, delivery.subscriptionId, turn.version);
    await this.publisher.publish(delivery.subscriptionId, { eventId: delivery.eventId, timestamp: new Date().toISOString(), resource: turn.version });
    await this.ledger.settle(delivery.eventId, 'delivered');
  }
}

function isLiveWebsocket(subscription: Resource | undefined): boolean {
  return subscription?.status === 'active' && channelOf(subscription).type === ChannelType.Websocket;
}
