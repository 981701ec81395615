/**
 * The discharge coordinator at Haukeland (demo user `coordinator`, Medisinsk avdeling) answering
 * contested tasks: mostly takes the task back as the hospital's own; sometimes, when a demo GP
 * contested it, re-assigns it to that GP's office list instead.
 */
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient, TaskPage } from './bro-api.client';
import { chanceWithin } from './gp-behaviour';
import { DemoGp } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

const CONTESTED_PAGE = '/api/handovers/tasks?status=rejected&awaiting=hospital&pageSize=200';
/** A coordinator answers contested tasks more slowly than GPs take steps: it is not their only job. */
const DELAY_FACTOR = 2;
export const REASSIGN_SHARE = 0.3;

export class CoordinatorActor {
  /** A demo GP's role → that GP's office, the other owner a contested task can go to. */
  private readonly officeOfRole: Map<string, string>;

  constructor(
    private readonly api: BroApiClient,
    demoGps: DemoGp[],
    private readonly pace: { pollMs: number; meanDelayMs: number },
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
  ) {
    this.officeOfRole = new Map(demoGps.filter((gp) => gp.office).map((gp) => [gp.role, gp.office!]));
  }

  async tick(): Promise<void> {
    let page: TaskPage | undefined;
    await this.actions.attempt('coordinator', 'reading contested tasks', async () => {
      page = await this.api.get<TaskPage>(CONTESTED_PAGE);
    });
    for (const task of page?.tasks ?? []) {
      if (!this.random.chance(chanceWithin(this.pace.pollMs, this.pace.meanDelayMs * DELAY_FACTOR))) continue;
      const office = task.owner ? this.officeOfRole.get(task.owner.reference) : undefined;
      const [action, body] =
        office && this.random.chance(REASSIGN_SHARE) ? ['reassign', { version: task.version, owner: office }] : ['take-back', { version: task.version }];
      if (await this.actions.attempt('coordinator', `${action} ${task.id}`, () => this.api.post(`/api/tasks/${task.id}/${action}`, body))) {
        this.stats.hospitalAction(action as string);
      }
    }
  }
}
