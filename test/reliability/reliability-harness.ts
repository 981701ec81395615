import { randomUUID } from 'node:crypto';
import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { fetchDemoToken } from '../../tools/identity-provider/demo-token';
import { ApiProcess, Deployment } from '../../tools/reliability/bro-process';
import { Receiver } from '../../tools/reliability/rest-hook-receiver';
import { asTransaction } from '../../tools/simulator/discharge-handover';
import { daysFromNow } from '../support/clock';
import { gpRole, handover, newPatient } from '../support/transfers';
import { demoUnit } from '../support/test-directory';

/**
 * How soon owed work is queued again, and how soon a dead worker's jobs go to another: short here so
 * that recovery is measured in seconds (production: 15 s and 30 s).
 */
export const RECONCILE_AFTER_MS = 1_500;
export const JOB_LOCK_MS = 2_000;

/** This test run's database and identity provider, on `redisUrl` under `redisPrefix`. */
export function testDeployment(redisUrl: string, redisPrefix: string): Deployment {
  return {
    databaseUrl: process.env.DATABASE_URL!,
    issuer: process.env.OIDC_ISSUER!,
    redisUrl,
    redisPrefix,
    env: { RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS), JOB_LOCK_MS: String(JOB_LOCK_MS) },
  };
}

/** The demo EHR and GP as outside systems speak to an API process. */
export class Callers {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly api: ApiProcess) {}

  async token(user: string): Promise<string> {
    if (!this.tokens.has(user)) this.tokens.set(user, await fetchDemoToken(process.env.OIDC_ISSUER!, user));
    return this.tokens.get(user)!;
  }

  async fhir(user = 'ehr'): Promise<Client> {
    return new Client({ baseUrl: this.api.fhirBaseUrl, customHeaders: { Authorization: `Bearer ${await this.token(user)}` } });
  }

  async call<T = Record<string, unknown>>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.api.origin}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.token(user)}`, ...(body !== undefined ? { 'Content-Type': path.startsWith('/fhir') ? 'application/fhir+json' : 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /**
   * This test's own sending unit: its Subscription follows only the tasks this test hands over, never
   * those other test files left owed in the same database (which the reconciler duly delivers).
   */
  private unit?: string;

  async ownUnit(): Promise<string> {
    if (!this.unit) {
      const created = await this.call<Resource>('ehr', 'POST', '/fhir/R4/Organization', {
        resourceType: 'Organization',
        active: true,
        name: `Sengepost for pålitelighetstest ${randomUUID().slice(0, 8)}`,
        // A ward of the demo hospital unit, so the hospital system hands over for it.
        partOf: { reference: demoUnit() },
      });
      if (created.status !== 201) throw new Error(`unit not created: ${created.status} ${JSON.stringify(created.body)}`);
      this.unit = `Organization/${created.body.id}`;
    }
    return this.unit;
  }

  /** A rest-hook Subscription to the tasks this test hands over to the GP, delivered to `receiver`. */
  async subscribe(receiver: Receiver, gp: 'gp' | 'gp2'): Promise<string> {
    const created = await this.call<Resource>('ehr', 'POST', '/fhir/R4/Subscription', {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'The hospital EHR follows the tasks it handed over',
      criteria: `Task?owner=${gpRole(gp)}&requester=${await this.ownUnit()}`,
      channel: { type: 'rest-hook', endpoint: receiver.url, payload: 'application/fhir+json' },
      extension: [{ url: 'urn:bro:extension:signing-secret', valueString: 'a-reliability-receiver-secret-of-32-characters' }],
    });
    if (created.status !== 201) throw new Error(`Subscription not created: ${created.status} ${JSON.stringify(created.body)}`);
    receiver.subscriptionId = created.body.id!;
    return created.body.id!;
  }

  async unsubscribe(subscriptionId: string): Promise<void> {
    const current = await this.call<Resource>('ehr', 'GET', `/fhir/R4/Subscription/${subscriptionId}`);
    await this.call('ehr', 'PUT', `/fhir/R4/Subscription/${subscriptionId}`, { ...current.body, status: 'off' });
  }

  /**
   * One hand-over (one task for the GP) and the GP's acceptance of it: versions 1 and 2 of the task.
   * `overdue` hands it over due three days ago, so its first overdue reminder is due at once. A request
   * that fails (the database cut it off) is tried again; a hand-over is all or nothing, so trying again
   * cannot leave half of one behind (the test checks that too).
   */
  async handOverAndAccept(gp: 'gp' | 'gp2', overdue: boolean, complete = false): Promise<string> {
    // An overdue task's stay ended before its due day: Bro refuses a task due before its discharge day.
    const content = handover({ patient: newPatient(gpRole(gp)), categories: ['PROVESVAR'], requester: await this.ownUnit(), ...(overdue ? { dischargedAt: daysFromNow(-7) } : {}) });
    if (overdue) (content.entries[2].resource as Record<string, unknown>).restriction = { period: { end: daysFromNow(-3).slice(0, 10) } };
    const ehr = await this.fhir('ehr');
    let taskId: string | undefined;
    for (let attempt = 0; !taskId; attempt++) {
      try {
        const response = (await ehr.transaction({ body: asTransaction(content) } as never)) as unknown as { entry?: Array<{ resource?: Resource }> };
        taskId = response.entry?.map((entry) => entry.resource).find((resource) => resource?.resourceType === 'Task')?.id;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    for (let attempt = 0; ; attempt++) {
      const accepted = await this.call<{ task?: { version: number } }>(gp, 'POST', `/api/tasks/${taskId}/accept`, { version: 1 }).catch(() => ({ status: 0, body: {} }));
      // 409: an earlier attempt was accepted (its answer lost with the connection).
      if (accepted.status === 200 || accepted.status === 201 || accepted.status === 409) break;
      if (attempt >= 20) throw new Error(`task ${taskId} not accepted: ${accepted.status}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    if (complete) {
      const completed = await this.call(gp, 'POST', `/api/tasks/${taskId}/complete`, { version: 2 });
      if (completed.status >= 300) throw new Error(`task ${taskId} not completed: ${completed.status} ${JSON.stringify(completed.body)}`);
    }
    return taskId;
  }
}
