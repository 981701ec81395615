import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName, Resource } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Database } from '../database/sql-client';
import { FhirService } from '../fhir/fhir.service';
import { Job, ProducerQueues, Queue, Worker, startWorker } from '../queues/bullmq.adapter';
import { channelHeaderFields } from './channel-headers';
import { postToEndpoint } from './endpoint-http.adapter';
import { signRestHookBody } from './rest-hook-signature';
import { retryDelay } from './retry-schedule';
import { decideEndpoint } from './subscription-endpoint';
import { channelOf } from './subscription-fields';
import { SubscriptionDeliveryAudit } from './subscription-delivery.audit';
import { RestHookDelivery } from './subscription.matcher';
import { SubscriptionDeliveryLedger } from './subscription-delivery.ledger';

const RECEIVER_TIMEOUT_MILLISECONDS = 10_000;
/** How soon a delivery waiting for an older version of its resource looks again. */
const ORDER_WAIT_MILLISECONDS = 100;

/**
 * POSTs the exact version of a changed resource to a Subscription's endpoint, signed, with an event
 * id receivers de-duplicate on: over https to a public address (see endpoint-http.adapter.ts) unless
 * the host is allow-listed, following no redirect, each attempt audited under the Subscription's owner. A receiver that fails is retried with doubling delays and jitter over
 * the configured horizon; then the event goes to the dead-letter queue and the Subscription to
 * `status = error` with the reason.
 */
@Injectable()
export class RestHookDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RestHook');
  private worker?: Worker<RestHookDelivery>;
  private deadLetter?: Queue<RestHookDelivery & { reason: string; failedAt: string }>;
  private producer?: ProducerQueues;

  constructor(
    private readonly fhir: FhirService,
    private readonly database: Database,
    private readonly ledger: SubscriptionDeliveryLedger,
    private readonly audit: SubscriptionDeliveryAudit,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.producer = new ProducerQueues(this.config);
    this.deadLetter = this.producer.open(QueueName.DeadLetter);
    this.worker = startWorker<RestHookDelivery>(QueueName.RestHookDelivery, this.config, (job, token) => this.deliver(job, token), {
      settings: { backoffStrategy: (attemptsMade: number) => retryDelay(attemptsMade, this.config.restHookFirstRetryMs) },
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      if (job.attemptsMade >= (job.opts.attempts ?? 1)) void this.giveUp(job, error.message).catch((failure: unknown) => this.logger.error(`delivery ${job.data.eventId} could not be given up: ${failure instanceof Error ? failure.name : typeof failure}`));
      else this.logger.debug(`delivery ${job.data.eventId} failed (attempt ${job.attemptsMade}): ${error.message}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.producer?.close();
  }

  private async subscription(id: string): Promise<{ resource: Resource; secret: string } | undefined> {
    const { rows } = await this.database.query<{ resource: Resource; secret: string }>(
      `SELECT s.resource, k.secret FROM fhir_subscription s JOIN subscription_secret k ON k.subscription_id = s.id WHERE s.id = $1`,
      [id],
    );
    return rows[0];
  }

  async deliver(job: Job<RestHookDelivery>, token?: string): Promise<void> {
    const delivery = job.data;
    // In order per resource: a newer version waits (without spending an attempt) while an older one is being retried.
    const turn = await this.ledger.inTurn(job, token, ORDER_WAIT_MILLISECONDS, (subscription, secret) => !!secret && subscription.status === 'active');
    if (!turn) return;
    const endpoint = decideEndpoint(channelOf(turn.subscription).endpoint, this.config.subscriptionHttpAllowedHosts);
    // Checked when it was stored; the allow-list may have changed since.
    if (typeof endpoint === 'string') throw new Error(endpoint);
    const body = JSON.stringify(turn.version);
    const headers: Record<string, string> = {
      ...channelHeaderFields(turn.headers),
      // Bro's own last: a Subscription's headers never replace them.
      'content-type': 'application/fhir+json',
      'x-bro-event-id': delivery.eventId,
      'x-bro-signature': signRestHookBody(turn.secret!, body),
    };
    await this.audit.beforeSending(turn.owner, delivery.subscriptionId, turn.version);
    const status = await postToEndpoint(endpoint.url, { headers, body, timeoutMs: RECEIVER_TIMEOUT_MILLISECONDS, trusted: endpoint.trusted });
    if (status >= 300 && status < 400) throw new Error(`the receiver answered ${status}, a redirect, which Bro does not follow`);
    if (status < 200 || status >= 300) throw new Error(`the receiver answered ${status}`);
    await this.ledger.settle(delivery.eventId, 'delivered');
  }

  private async giveUp(job: Job<RestHookDelivery>, reason: string): Promise<void> {
    const delivery = job.data;
    this.logger.warn(`delivery ${delivery.eventId} given up after ${job.attemptsMade} attempts: ${reason}`);
    // Dead, so newer versions of the resource no longer wait for it.
    await this.ledger.settle(delivery.eventId, 'dead');
    await this.deadLetter!.add('rest-hook', { ...delivery, reason, failedAt: new Date().toISOString() }, { jobId: `dead-${delivery.eventId}` });
    const subscription = await this.subscription(delivery.subscriptionId);
    if (!subscription || subscription.resource.status !== 'active') return;
    await this.fhir.update('Subscription', delivery.subscriptionId, { ...subscription.resource, status: 'error', error: `delivery of ${delivery.resourceType}/${delivery.resourceId}/_history/${delivery.versionId} failed: ${reason}` });
  }
}
