/**
 * One action of a simulated GP or coordinator, and what its failure means. 409 and 412 are the
 * normal price of acting on a list that someone else changed meanwhile (optimistic concurrency):
 * counted, shown with --verbose, and the actor moves on. Anything else is reported once per kind.
 */
import { RequestFailure } from './request-failure';
import { SimulationStats } from './simulation-stats';
import { SimulatorLog } from './simulator-log';

const EXPECTED_UNDER_CONCURRENCY = new Set([409, 412]);

export class ActorActions {
  private readonly reported = new Set<string>();

  constructor(
    private readonly stats: SimulationStats,
    private readonly log: SimulatorLog,
  ) {}

  /** Runs `action`; true when it succeeded. Never throws: one failed action must not stop the actor. */
  async attempt(actor: string, what: string, action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      const failure = error instanceof RequestFailure ? error : new RequestFailure(undefined, error instanceof Error ? error.message : String(error));
      this.stats.error(failure.kind);
      const line = `${actor}: ${what} refused (${failure.kind}): ${failure.message}`;
      if (failure.status !== undefined && EXPECTED_UNDER_CONCURRENCY.has(failure.status)) this.log.debug(line);
      else if (this.reported.has(`${actor}:${failure.kind}`)) this.log.debug(line);
      else {
        this.reported.add(`${actor}:${failure.kind}`);
        this.log.warn(`${line} (further ones are counted in the progress line)`);
      }
      return false;
    }
  }
}
