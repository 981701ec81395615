import { Injectable } from '@nestjs/common';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { Interval } from '../availability/intervals';
import { SlotTime, freeIntervalsOf } from '../availability/free-intervals';

/** Slots never last longer than this: how far before the window a Slot may start and still reach into it. */
const LONGEST_SLOT = '1 day';

interface Row {
  practitioner: string;
  status: string;
  start: Date;
  end: Date;
}

/**
 * When each practitioner is free in a window: their active Schedules' free Slots, less busy Slots, less
 * the consultations they are booked in (`consultation_booking`). One statement for all practitioners
 * and the whole window, whatever its length; the subtraction is a sweep in memory.
 */
@Injectable()
export class PractitionerAvailabilityQuery {
  constructor(private readonly fhir: FhirService) {}

  async freeIntervals(practitioners: readonly string[], window: Interval): Promise<Map<string, Interval[]>> {
    const { rows } = await this.fhir.database.query<Row>(
      `SELECT actor AS practitioner, slot.resource->>'status' AS status, (slot.resource->>'start')::timestamptz AS start, (slot.resource->>'end')::timestamptz AS "end"
         FROM "${tableNameOf('Schedule')}" AS schedule
         CROSS JOIN LATERAL unnest(schedule.sp_actor) AS actor
         JOIN "${tableNameOf('Slot')}" AS slot ON slot.sp_schedule = 'Schedule/' || schedule.id
        WHERE schedule.sp_actor && $1::text[] AND actor = ANY($1::text[])
          AND coalesce(schedule.resource->>'active', 'true') <> 'false'
          AND slot.sp_start_start < $3::timestamptz AND slot.sp_start_start > $2::timestamptz - interval '${LONGEST_SLOT}'
          AND (slot.resource->>'end')::timestamptz > $2::timestamptz
       UNION ALL
       SELECT practitioner, 'busy', lower(during), upper(during)
         FROM consultation_booking
        WHERE practitioner = ANY($1::text[]) AND during && tstzrange($2::timestamptz, $3::timestamptz)`,
      [practitioners, new Date(window.start).toISOString(), new Date(window.end).toISOString()],
    );
    const slots = new Map<string, SlotTime[]>(practitioners.map((practitioner) => [practitioner, []]));
    for (const row of rows) slots.get(row.practitioner)?.push({ status: row.status, start: row.start.toISOString(), end: row.end.toISOString() });
    return new Map([...slots].map(([practitioner, times]) => [practitioner, freeIntervalsOf(times, [])]));
  }
}
