import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { OneStatement } from '../database/one-statement';
import { OWED_PAGE, OwedWork, OwedWorkRegistry, requeuePages } from '../outbox/owed-work';
import { JobsOptions, OwedJob, ProducerQueues, Queue, requeueOwed } from '../queues/bullmq.adapter';
import { attemptsWithin } from './retry-schedule';
import { ChannelType } from './subscription-fields';
import { SubscriptionDelivery } from './subscription.matcher';
import { SubscriptionDeliveryLedger } from './subscription-delivery.ledger';

/** A websocket notification is only handed to Redis; a few quick retries cover a blip. */
const WEBSOCKET_ATTEMPTS = 5;
const WEBSOCKET_FIRST_RETRY_MILLISECONDS = 200;

/**
 * Records what matched Subscriptions are owed (in the matching transaction) and queues each delivery
 * on its channel's queue, one job per event and Subscription (the job id is the event id) however
 * often it is queued: after the commit by matching, and again by the reconciler while it stays owed.
 */
@Injectable()
export class SubscriptionDeliveryQueue implements OnModuleInit, OnApplicationShutdown, OwedWork {
  readonly owedWhat = 'Subscription deliveries';
  private readonly producer: ProducerQueues;
  private readonly queues: Record<ChannelType, Queue<SubscriptionDelivery>>;
  private readonly options: Record<ChannelType, JobsOptions>;

  constructor(
    private readonly ledger: SubscriptionDeliveryLedger,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly owedWork: OwedWorkRegistry,
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

  onModuleInit(): void {
    this.owedWork.register(this);
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }

  /** Recorded as owed by a clause of the caller's statement; queued by `enqueue` once that has committed. */
  recordClause(statement: OneStatement, deliveries: SubscriptionDelivery[]): void {
    this.ledger.recordClause(statement, deliveries);
  }

  async enqueue(deliveries: SubscriptionDelivery[]): Promise<void> {
    for (const [channel, jobs] of this.byChannel(deliveries)) await this.queues[channel].addBulk(jobs);
  }

  requeueOverdue(olderThanMs: number): Promise<number> {
    return requeuePages(
      (after: { createdAt: string; eventId: string } | undefined) => this.ledger.overdue(olderThanMs, after, OWED_PAGE),
      (delivery) => ({ createdAt: delivery.createdAt, eventId: delivery.eventId }),
      async (page) => {
        let requeued = 0;
        for (const [channel, jobs] of this.byChannel(page.map(({ createdAt: _, ...delivery }) => delivery))) {
          const { added, retried } = await requeueOwed(this.queues[channel], jobs);
          requeued += added + retried;
        }
        return requeued;
      },
    );
  }

  private byChannel(deliveries: SubscriptionDelivery[]): Array<[ChannelType, Array<OwedJob<SubscriptionDelivery>>]> {
    const grouped: Array<[ChannelType, Array<OwedJob<SubscriptionDelivery>>]> = [];
    for (const channel of Object.values(ChannelType)) {
      const jobs = deliveries.filter((d) => (d.channel ?? ChannelType.RestHook) === channel);
      if (jobs.length > 0) grouped.push([channel, jobs.map((d) => ({ name: d.resourceType, data: d, opts: { ...this.options[channel], jobId: d.eventId } }))]);
    }
    return grouped;
  }
}
