import { QueueName } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';

describe('queue health', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('shows depth, age and latency of every queue and the outbox backlog to operators, not to clinicians', async () => {
    const health = await callAs<{ outbox: { pending: number }; queues: Array<{ name: string; waiting: number; latencyMs: { p99: number } }> }>(
      api,
      'quality',
      'GET',
      '/api/ops/queues',
    );
    expect(health.status).toBe(200);
    expect(health.body.queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
    expect(typeof health.body.outbox.pending).toBe('number');
    expect((await callAs(api, 'gp', 'GET', '/api/ops/queues')).status).toBe(403);
  });

  it('exposes the same numbers to Prometheus at /metrics', async () => {
    const metrics = await fetch(`${api.origin}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/bro_queue_jobs\{queue="matching",state="waiting"\} \d+/);
    expect(text).toMatch(/bro_outbox_pending \d+/);
  });
});
