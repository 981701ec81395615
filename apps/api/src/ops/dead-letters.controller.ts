import { Controller, Get, HttpCode, Inject, OnModuleDestroy, Param, Post, UseFilters } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DomainError } from '../common/errors/domain-error';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { ProducerQueues, Queue } from '../queues/bullmq.adapter';
import { attemptsWithin } from '../subscriptions/retry-schedule';
import { redactPersonNumbers } from '../security/redacting.logger';
import { RestHookDelivery } from '../subscriptions/subscription.matcher';
import { requireRole } from '../auth/require-role';
import { NoPatientData } from '../audit/patient-data.decorators';

type DeadLetter = RestHookDelivery & { reason: string; failedAt: string };

/** Dead letters come from every Subscription and name patients' resources: only administrators list or replay them, never a system client. */
const DEAD_LETTER_ROLES = ['admin'] as const;
const MAX_REASON_LENGTH = 500;

/**
 * What the list shows of a dead letter: which delivery (ids and version) and why it failed, nothing of
 * the resource itself. Named field by field, so whatever else a job carries is never passed on; the
 * reason is a receiver's or the network's error text, so person numbers in it are masked.
 */
function listed(id: string | undefined, letter: Partial<DeadLetter>) {
  return {
    id,
    subscriptionId: letter.subscriptionId,
    channel: letter.channel,
    resourceType: letter.resourceType,
    resourceId: letter.resourceId,
    versionId: letter.versionId,
    eventId: letter.eventId,
    failedAt: letter.failedAt,
    reason: typeof letter.reason === 'string' ? redactPersonNumbers(letter.reason).slice(0, MAX_REASON_LENGTH) : undefined,
  };
}

/** Deliveries that gave up: listed for the operator, and replayed once the receiver is fixed. */
@Controller('api/ops/dead-letters')
@NoPatientData('ids, versions and a masked reason only')
@UseFilters(ApiExceptionFilter)
export class DeadLettersController implements OnModuleDestroy {
  private readonly producer: ProducerQueues;
  private readonly deadLetters: Queue<DeadLetter>;
  private readonly restHooks: Queue<RestHookDelivery>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.producer = new ProducerQueues(config);
    this.deadLetters = this.producer.open<DeadLetter>(QueueName.DeadLetter);
    this.restHooks = this.producer.open<RestHookDelivery>(QueueName.RestHookDelivery);
  }

  onModuleDestroy(): Promise<void> {
    return this.producer.close();
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    requireRole(principal, DEAD_LETTER_ROLES);
    const jobs = await this.deadLetters.getWaiting(0, 499);
    return { total: await this.deadLetters.getWaitingCount(), deadLetters: jobs.map((job) => listed(job.id, job.data)) };
  }

  /** Sends it again under the same event id, so a receiver that got it after all can tell it is the same event. */
  @Post(':id/replay')
  @HttpCode(200)
  async replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    requireRole(principal, DEAD_LETTER_ROLES);
    const job = await this.deadLetters.getJob(id);
    if (!job) throw DomainError.notFound(`no dead letter ${id}`);
    const { reason: _reason, failedAt: _failedAt, ...delivery } = job.data;
    const attempts = attemptsWithin(this.config.restHookRetryHorizonMs, this.config.restHookFirstRetryMs);
    await this.restHooks.add(delivery.resourceType, delivery, { jobId: `${delivery.eventId}-replay-${Date.now()}`, attempts, backoff: { type: 'custom' } });
    await job.remove();
    return { replayed: id, eventId: delivery.eventId };
  }
}
