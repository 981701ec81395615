import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { deleteResources, insertResources } from '../../fhir/store/resource-rows.bulk';
import { recurringAvailabilitiesOf } from '../availability/recurring-availability';
import { GENERATED_SLOT_IDENTIFIER_SYSTEM, slotsFromAvailabilities } from '../availability/slot-generation';

/** How far ahead free Slots exist when the Schedule's planningHorizon does not say otherwise. */
export const DEFAULT_PLANNING_WEEKS = 12;
/** A planningHorizon may reach further (a practitioner planning a season ahead), but a year at most: it stays tens of Slots a rule. */
export const MAX_PLANNING_WEEKS = 53;
const DAY = 86_400_000;

export interface SlotSync {
  created: number;
  withdrawn: number;
}

interface ExistingSlot {
  id: string;
  status: string;
  start: Date;
  generated: string | null;
}

/**
 * Keeps a Schedule's generated free Slots equal to what its recurring-availability rules give from now to
 * the planning horizon (12 weeks; the Schedule's planningHorizon.end instead when given, a year at most). Creates only what
 * is missing (the identifier `urn:bro:generated-slot|Schedule/<id>/<start>/<end>` says which exist) in one
 * statement, and withdraws, in one more, generated Slots still free and not yet begun that no rule gives
 * any more. Slots a practitioner made busy, or made themselves, are theirs and never touched.
 */
@Injectable()
export class ScheduleSlotsPlanner {
  constructor(private readonly fhir: FhirService) {}

  async sync(client: SqlClient, schedule: Resource, now: Date = new Date()): Promise<SlotSync> {
    const reference = `Schedule/${schedule.id}`;
    const parsed = recurringAvailabilitiesOf(schedule as { extension?: unknown });
    const availabilities = 'problem' in parsed || schedule.active === false ? [] : parsed.availabilities;
    const horizon = schedule.planningHorizon as { start?: string; end?: string } | undefined;
    const horizonEnd = horizon?.end ? Date.parse(horizon.end) : NaN;
    const weeks = Number.isNaN(horizonEnd) ? DEFAULT_PLANNING_WEEKS : MAX_PLANNING_WEEKS;
    const window = { start: now.getTime(), end: now.getTime() + weeks * 7 * DAY };
    const wanted = slotsFromAvailabilities(reference, availabilities, window, horizon);
    const existing = await this.existingSlots(client, reference, now);
    const present = new Set(existing.map((slot) => slot.generated).filter((key): key is string => key !== null));
    const missing = wanted.filter((slot) => !present.has(slot.identifier[0].value));
    const wantedKeys = new Set(wanted.map((slot) => slot.identifier[0].value));
    const withdrawn = existing.filter((slot) => slot.generated !== null && slot.status === 'free' && slot.start > now && !wantedKeys.has(slot.generated)).map((slot) => slot.id);
    await insertResources(client, missing as unknown as Resource[], this.fhir.baseUrl);
    await deleteResources(client, 'Slot', withdrawn);
    return { created: missing.length, withdrawn: withdrawn.length };
  }

  /** The Schedule's Slots that have not ended, with the generated identifier of those Bro made. */
  private async existingSlots(client: SqlClient, reference: string, now: Date): Promise<ExistingSlot[]> {
    const { rows } = await client.query<ExistingSlot>(
      `SELECT id, resource->>'status' AS status, (resource->>'start')::timestamptz AS start,
              (SELECT identifier->>'value' FROM jsonb_array_elements(coalesce(resource->'identifier', '[]'::jsonb)) AS identifier
                WHERE identifier->>'system' = $3 LIMIT 1) AS generated
         FROM "${tableNameOf('Slot')}" WHERE sp_schedule = $1 AND (resource->>'end')::timestamptz > $2::timestamptz`,
      [reference, now.toISOString(), GENERATED_SLOT_IDENTIFIER_SYSTEM],
    );
    return rows;
  }
}
