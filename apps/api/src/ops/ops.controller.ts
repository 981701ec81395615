import { Controller, Get, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Registry, Gauge, collectDefaultMetrics } from 'prom-client';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Public } from '../auth/public.decorator';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { requireRole } from '../auth/require-role';
import { QueueHealthService } from './queue-health.service';
import { NoPatientData } from '../audit/patient-data.decorators';

/**
 * Queue health for operators and the live board (`/api/ops/queues`), and the same numbers for
 * Prometheus (`/metrics`, unauthenticated as scrapers expect: counts only, never patient data).
 */
@Controller()
@NoPatientData('queue counts and process metrics')
@UseFilters(ApiExceptionFilter)
export class OpsController {
  private readonly registry = new Registry();

  constructor(private readonly health: QueueHealthService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'bro_' });
    const oldest = new Gauge({ name: 'bro_queue_oldest_waiting_seconds', help: 'Age of the oldest waiting job', labelNames: ['queue'], registers: [] });
    const latency = new Gauge({ name: 'bro_queue_latency_ms', help: 'Queued to processed over recent jobs', labelNames: ['queue', 'quantile'], registers: [] });
    const outbox = new Gauge({ name: 'bro_outbox_pending', help: 'Outbox rows not yet queued', registers: [] });
    const outboxAge = new Gauge({ name: 'bro_outbox_oldest_pending_seconds', help: 'Age of the oldest outbox row not yet queued', registers: [] });
    const queueHealth = this.health;
    // Read when scraped, so the numbers are as fresh as the scrape. This gauge is registered first
    // and fills the others, which the registry serialises after it.
    const depth = new Gauge({
      name: 'bro_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [],
      async collect() {
        const [queues, box] = await Promise.all([queueHealth.queuesHealth(), queueHealth.outbox()]);
        for (const q of queues) {
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ queue: q.name, state }, q[state]);
          oldest.set({ queue: q.name }, q.oldestWaitingSeconds);
          for (const quantile of ['p50', 'p90', 'p99'] as const) latency.set({ queue: q.name, quantile }, q.latencyMs[quantile]);
        }
        outbox.set(box.pending);
        outboxAge.set(box.oldestPendingSeconds);
      },
    });
    for (const metric of [depth, oldest, latency, outbox, outboxAge]) this.registry.registerMetric(metric);
  }

  @Get('api/ops/queues')
  async queues(@CurrentPrincipal() principal: Principal) {
    requireRole(principal, ['admin', 'quality', 'system']);
    const [queues, outbox] = await Promise.all([this.health.queuesHealth(), this.health.outbox()]);
    return { outbox, queues };
  }

  @Public()
  @Get('metrics')
  async metrics(@Res() response: Response): Promise<void> {
    const body = await this.registry.metrics();
    response.type(this.registry.contentType).send(body);
  }
}
