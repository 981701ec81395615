/**
 * A demo GP (gp or gp2) working through the inbox over time: looks at it every few seconds and,
 * task by task, takes the next step when its (compressed, random) time has come — accept or contest
 * a new task, start it, complete it, now and then put it on hold; several new tasks at once are
 * sometimes accepted in one go (bulk accept), as the inbox allows.
 */
import { TaskCategoryCode, isTaskCategoryCode } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient, TaskPage, TaskSummary } from './bro-api.client';
import { STEP_DELAY_FACTOR, chanceWithin, decideFirstResponse, decideNextStep } from './gp-behaviour';
import { DemoGp } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

const INBOX_PAGE = '/api/inbox/tasks?pageSize=200';
/** The inbox takes at most 100 tasks per bulk accept. */
const BULK_LIMIT = 100;
const BULK_ACCEPT_MIN = 3;

interface BulkResult {
  results: Array<{ id: string; ok: boolean; status?: number }>;
}

export interface GpPace {
  /** How often the GP looks at the inbox. */
  pollMs: number;
  /** Mean time to the first response to a new task; later steps scale from it (STEP_DELAY_FACTOR). */
  meanDelayMs: number;
}

export class GpActor {
  constructor(
    private readonly gp: DemoGp,
    private readonly api: BroApiClient,
    /** The other demo GP's role: where a task for the wrong GP is forwarded. */
    private readonly rightGp: string | undefined,
    private readonly pace: GpPace,
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    /** Tasks another actor closes (multidose update Tasks: the updated list completes them), left alone here. */
    private readonly handledElsewhere: (task: TaskSummary) => boolean = () => false,
  ) {}

  /** One look at the inbox and the steps that are due. */
  async tick(): Promise<void> {
    let page: TaskPage | undefined;
    await this.actions.attempt(this.gp.user, 'reading the inbox', async () => {
      page = await this.api.get<TaskPage>(INBOX_PAGE);
    });
    if (!page) return;
    const toAccept: TaskSummary[] = [];
    for (const task of page.tasks) {
      if (this.handledElsewhere(task)) continue;
      const factor = STEP_DELAY_FACTOR[task.status];
      if (factor === undefined || !this.random.chance(chanceWithin(this.pace.pollMs, this.pace.meanDelayMs * factor))) continue;
      if (task.status === 'requested' || task.status === 'received') {
        if (await this.firstResponse(task)) toAccept.push(task);
      } else {
        await this.nextStep(task);
      }
    }
    await this.accept(toAccept);
  }

  /** Contests or forwards the task now; true when the answer is to accept it (done together, below). */
  private async firstResponse(task: TaskSummary): Promise<boolean> {
    const category = isTaskCategoryCode(task.category?.code) ? (task.category.code as TaskCategoryCode) : undefined;
    const answer = decideFirstResponse(this.random, category);
    if (answer.kind === 'contest') {
      const body = { version: task.version, reason: answer.reason, ...(answer.text ? { text: answer.text } : {}) };
      if (await this.act(`contest ${task.id}`, () => this.api.post(`/api/tasks/${task.id}/contest`, body))) this.stats.gpAction(`contest ${answer.reason}`);
      return false;
    }
    if (answer.kind === 'forward' && this.rightGp && task.owner?.reference !== this.rightGp) {
      const body = { version: task.version, owner: this.rightGp, text: answer.text };
      if (await this.act(`forward ${task.id}`, () => this.api.post(`/api/tasks/${task.id}/forward`, body))) this.stats.gpAction('forward');
      return false;
    }
    return true;
  }

  private async nextStep(task: TaskSummary): Promise<void> {
    const step = decideNextStep(this.random, task.status);
    if (!step || !task.nextStatuses.length) return;
    const note = 'note' in step && step.note ? { note: step.note } : {};
    if (await this.act(`${step.action} ${task.id}`, () => this.api.post(`/api/tasks/${task.id}/${step.action}`, { version: task.version, ...note }))) {
      this.stats.gpAction(step.action);
    }
  }

  private async accept(tasks: TaskSummary[]): Promise<void> {
    if (tasks.length >= BULK_ACCEPT_MIN && this.random.chance(0.5)) {
      for (let from = 0; from < tasks.length; from += BULK_LIMIT) {
        const chunk = tasks.slice(from, from + BULK_LIMIT).map(({ id, version }) => ({ id, version }));
        let answer: BulkResult | undefined;
        await this.act(`bulk-accept of ${chunk.length}`, async () => {
          answer = await this.api.post<BulkResult>('/api/inbox/bulk-accept', { tasks: chunk });
        });
        for (const result of answer?.results ?? []) {
          if (result.ok) this.stats.gpAction('accept (bulk)');
          else this.stats.error(String(result.status ?? 'unknown'));
        }
      }
      return;
    }
    for (const task of tasks) {
      if (await this.act(`accept ${task.id}`, () => this.api.post(`/api/tasks/${task.id}/accept`, { version: task.version }))) this.stats.gpAction('accept');
    }
  }

  private act(what: string, action: () => Promise<unknown>): Promise<boolean> {
    return this.actions.attempt(this.gp.user, what, action);
  }
}
