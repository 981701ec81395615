import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { RECURRING_AVAILABILITY_EXTENSION } from '../availability/recurring-availability';
import { ScheduleSlotsPlanner } from './schedule-slots.planner';

const DAY_MS = 86_400_000;
/** After a worker starts: soon, but not in the rush of its first seconds. */
const FIRST_RUN_MS = 60_000;

/**
 * Rolls every Schedule's free Slots forward once a day (in the worker), so the planning horizon stays
 * twelve weeks ahead even for a Schedule nobody writes. Each Schedule in its own short transaction under
 * its row lock, a day's new Slots in one statement; running in two workers at once creates nothing twice
 * (the generated identifier is unique), so no leader is needed.
 */
@Injectable()
export class SlotHorizonExtender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SlotHorizonExtender');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly fhir: FhirService,
    private readonly planner: ScheduleSlotsPlanner,
  ) {}

  onApplicationBootstrap(): void {
    this.next(FIRST_RUN_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private next(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.extendAll()
        .catch((error: unknown) => this.logger.warn(`slot horizon not extended: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.next(DAY_MS);
        });
    }, delay);
    this.timer.unref();
  }

  /** Every Schedule with a rule, synced to today's horizon; how many Slots were added. */
  async extendAll(now: Date = new Date()): Promise<number> {
    const { rows } = await this.fhir.database.query<{ id: string }>(
      `SELECT id FROM "${tableNameOf('Schedule')}" WHERE resource->'extension' @> $1::jsonb ORDER BY id`,
      [JSON.stringify([{ url: RECURRING_AVAILABILITY_EXTENSION }])],
    );
    let created = 0;
    for (const { id } of rows) {
      if (this.stopped) break;
      created += await this.fhir.inTransaction(undefined, async (client) => {
        const schedule = await this.fhir.readForUpdate('Schedule', id, { client });
        return schedule ? (await this.planner.sync(client, schedule.resource, now)).created : 0;
      });
    }
    return created;
  }
}
