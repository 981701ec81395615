import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { JobsOptions, ProducerQueues, Queue } from '../queues/bullmq.adapter';
import { attemptsWithin } from './retry-schedule';
import { ChannelType } from './subscription-fields';
import { SubscriptionDelivery } from './subscription.matcher';
import { SubscriptionDeliveryLedger } from './subscription-delivery.ledger';

/** A websocket notification is only handed to Redis; a few quick retries cover a blip. */
const WEBSOCKET_ATTEMPTS = 5;
const WEBSOCKET_FIRST_RETRY_MILLISECONDS = 200;

/**
 * Records what matched Subscriptions are owed and queues each delivery on its channel's queue,
 * one job per event and Subscription (the job id is the event id) however often it is queued.
 */
@Injectable()
export class SubscriptionDeliveryQueue implements OnApplicationShutdown {
  private readonly producer: ProducerQueues;
  private readonly queues: Record<ChannelType, Queue<SubscriptionDelivery>>;
  private readonly options: Record<ChannelType, JobsOptions>;

  constructor(
    private readonly ledger: SubscriptionDeliveryLedger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.producer = new ProducerQueues(config);
    this.queues = {
      [ChannelType.RestHook]: this.producer.open<SubscriptionDelivery>(QueueName.RestHookDelivery),
      [ChannelType.Websocket]: this.producer.open<SubscriptionDelivery>(QueueName.WebsocketDelivery),
    };
    this.options = {
      [ChannelType.RestHook]: { attempts: attemptsWithin(config.restHookRetryHorizonMs, config.restHookFirstRetryMs), backoff: { type: 'custom' }, removeOnComplete: { age: 24 * 3600 } },
      [ChannelType.Websocket]: { attempts: WEBSOCKET_ATTEMPTS, backoff: { type: 'exponential', delay: WEBSOCKET_FIRST_RETRY_MILLISECONDS }, removeOnComplete: { age: 3600 } },
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }

  async push(deliveries: SubscriptionDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.ledger.record(deliveries);
    for (const channel of Object.values(ChannelType)) {
      const jobs = deliveries.filter((d) => (d.channel ?? ChannelType.RestHook) === channel);
      if (jobs.length === 0) continue;
      await this.queues[channel].addBulk(jobs.map((d) => ({ name: d.resourceType, data: d, opts: { ...this.options[channel], jobId: d.eventId } })));
    }
  }
}
