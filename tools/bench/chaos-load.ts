/**
 * The chaos benchmark's clients: the hospital system hands a task over to the demo GP and the GP accepts
 * it (versions 1 and 2 of the Task), one hand-over per arrival at a constant rate. Requests alternate
 * between the two API processes as a load balancer would; a failed attempt (connection refused or reset,
 * a 5xx) goes to the other one after a short pause, and a hand-over is sent again unchanged: Bro answers a
 * repeated Bundle identifier with the hand-over it stored, so a retry never hands over twice.
 */
import { Resource } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { asTransaction, dischargeHandoverEntries } from '../simulator/discharge-handover';
import { NewPatientFactory } from '../simulator/new-patient.factory';
import { send } from './http-client';

const MAX_ATTEMPTS = 60;
const DAY_MS = 86_400_000;

export interface FailedAttempt {
  at: number;
  step: 'hand-over' | 'accept';
  /** The HTTP status, or the network error's code. */
  what: string;
}

export interface HandoverLoadOptions {
  origins: () => string[];
  ehrToken: string;
  gpToken: string;
  gp: string;
  requester: string;
}

export class HandoverLoad {
  readonly taskIds: string[] = [];
  readonly failed: FailedAttempt[] = [];
  /** Hand-overs given up after every attempt failed. */
  abandoned = 0;
  /** Requests under way, per API process (by index). */
  readonly inFlight = [0, 0];
  private readonly patients = new NewPatientFactory(new SeededRandom(Date.now() % 2 ** 31));

  constructor(private readonly options: HandoverLoadOptions) {}

  /** Hand-over `i`, then its acceptance. */
  async handOverAndAccept(i: number): Promise<void> {
    const now = Date.now();
    const bundle = JSON.stringify(
      asTransaction(
        dischargeHandoverEntries({
          patient: this.patients.patient({ generalPractitioner: [{ reference: this.options.gp }] }),
          requester: this.options.requester,
          admittedAt: new Date(now - 4 * DAY_MS).toISOString(),
          dischargedAt: new Date(now - DAY_MS / 24).toISOString(),
          tasks: [{ category: 'PROVESVAR' }],
        }),
      ),
    );
    const stored = await this.attempt(i, 'hand-over', `/fhir/R4`, this.options.ehrToken, 'application/fhir+json', bundle, (status) => status === 200);
    const taskId = (JSON.parse(stored) as { entry?: Array<{ resource?: Resource; response?: { location?: string } }> }).entry
      ?.map((entry) => entry.resource ?? (entry.response?.location ? { resourceType: entry.response.location.split('/')[0], id: entry.response.location.split('/')[1] } : undefined))
      .find((resource) => resource?.resourceType === 'Task')?.id;
    if (!taskId) throw new Error('the hand-over answered without its Task');
    this.taskIds.push(taskId);
    // 409: an earlier attempt was accepted and its answer lost with the connection.
    await this.attempt(i + 1, 'accept', `/api/tasks/${taskId}/accept`, this.options.gpToken, 'application/json', JSON.stringify({ version: 1 }), (status) => status < 300 || status === 409);
  }

  private async attempt(first: number, step: FailedAttempt['step'], path: string, token: string, contentType: string, body: string, ok: (status: number) => boolean): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const index = (first + attempt) % 2;
      const origin = this.options.origins()[index];
      this.inFlight[index] += 1;
      let what: string;
      try {
        const answer = await send(`${origin}${path}`, 'POST', { Authorization: `Bearer ${token}`, 'Content-Type': contentType }, body);
        if (ok(answer.status)) return answer.body;
        what = `HTTP ${answer.status}`;
      } catch (error) {
        what = (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
      } finally {
        this.inFlight[index] -= 1;
      }
      this.failed.push({ at: Date.now(), step, what });
      if (attempt + 1 >= MAX_ATTEMPTS) {
        this.abandoned += 1;
        throw new Error(`${step} failed ${MAX_ATTEMPTS} times, last: ${what}`);
      }
      await new Promise((done) => setTimeout(done, Math.min(1_000, 100 * (attempt + 1))));
    }
  }
}
