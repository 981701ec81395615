import { parseRecurringAvailability, RECURRING_AVAILABILITY_EXTENSION, RecurringAvailability } from './recurring-availability';
import { slotsFromAvailabilities } from './slot-generation';

const DAY = 86_400_000;

function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0));
  return Date.UTC(year, month - 1, last.getUTCDate() - last.getUTCDay());
}

/** The next change at or after today: this year's if still ahead, else next year's. */
function nextLastSunday(month: number): number {
  const thisYear = new Date().getUTCFullYear();
  const candidate = lastSunday(thisYear, month);
  return candidate > Date.now() ? candidate : lastSunday(thisYear + 1, month);
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function availability(rule: string, localStart: string, minutes: number, firstDay: number): RecurringAvailability {
  const parsed = parseRecurringAvailability({
    url: RECURRING_AVAILABILITY_EXTENSION,
    extension: [
      { url: 'rrule', valueString: rule },
      { url: 'firstDay', valueDate: ymd(firstDay) },
      { url: 'localStart', valueTime: localStart },
      { url: 'minutesDuration', valuePositiveInt: minutes },
    ],
  });
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.availability;
}

const utcHour = (iso: string) => iso.slice(11, 16);

describe('Slots from a recurring availability', () => {
  it.each([
    ['spring', 3, ['13:00', '12:00']],
    ['autumn', 10, ['12:00', '13:00']],
  ])('keeps Tuesdays 14:00–15:00 at 14:00 in Bergen across the %s change', (_season, month, [before, after]) => {
    const change = nextLastSunday(month as number);
    const tuesdays = availability('FREQ=WEEKLY;BYDAY=TU', '14:00:00', 60, change - 30 * DAY);
    const slots = slotsFromAvailabilities('Schedule/gp', [tuesdays], { start: change - 7 * DAY, end: change + 7 * DAY });
    expect(slots.map((slot) => ymd(Date.parse(slot.start)))).toEqual([ymd(change - 5 * DAY), ymd(change + 2 * DAY)]);
    expect(slots.map((slot) => utcHour(slot.start))).toEqual([before, after]);
    expect(slots.map((slot) => Date.parse(slot.end) - Date.parse(slot.start))).toEqual([3_600_000, 3_600_000]);
    expect(slots[0]).toMatchObject({ resourceType: 'Slot', schedule: { reference: 'Schedule/gp' }, status: 'free' });
  });

  it('gives a rule in the night of the change real instants: the gap moves forward, the repeated hour counts once', () => {
    const spring = nextLastSunday(3);
    const nightly = availability('FREQ=DAILY', '02:30:00', 30, spring - 2 * DAY);
    const springSlots = slotsFromAvailabilities('Schedule/gp', [nightly], { start: spring - DAY, end: spring + 2 * DAY });
    // 02:30 on the change day does not exist: it is read as 03:30 summer time (01:30Z).
    expect(springSlots.map((slot) => slot.start.slice(0, 16))).toEqual([`${ymd(spring - DAY)}T01:30`, `${ymd(spring)}T01:30`, `${ymd(spring + DAY)}T00:30`]);

    const autumn = nextLastSunday(10);
    const autumnSlots = slotsFromAvailabilities('Schedule/gp', [{ ...nightly, firstDay: { ...nightly.firstDay, year: new Date(autumn).getUTCFullYear(), month: 10, day: 1 } }], {
      start: autumn - DAY,
      end: autumn + 2 * DAY,
    });
    expect(autumnSlots.map((slot) => slot.start.slice(0, 16))).toEqual([`${ymd(autumn - DAY)}T00:30`, `${ymd(autumn)}T00:30`, `${ymd(autumn + DAY)}T01:30`]);
  });

  it('keeps within the planning horizon, and makes one Slot of two rules giving the same time', () => {
    const monday = Date.UTC(new Date().getUTCFullYear() + 1, 0, 4); // any date works: the check is relative to it
    const weekdays = availability('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', '08:00:00', 30, monday);
    const daily = availability('FREQ=DAILY', '08:00:00', 30, monday);
    const slots = slotsFromAvailabilities('Schedule/gp', [weekdays, daily], { start: monday, end: monday + 14 * DAY }, { start: new Date(monday + 7 * DAY).toISOString() });
    expect(slots).toHaveLength(7);
    expect(Date.parse(slots[0].start)).toBeGreaterThanOrEqual(monday + 7 * DAY);
    expect(new Set(slots.map((slot) => slot.identifier[0].value)).size).toBe(7);
  });

  it('follows INTERVAL from the first day and stops at UNTIL', () => {
    const start = Date.UTC(new Date().getUTCFullYear() + 1, 1, 2);
    const everyOther = availability(`FREQ=WEEKLY;INTERVAL=2;UNTIL=${ymd(start + 40 * DAY).replace(/-/g, '')}`, '10:00:00', 30, start);
    const slots = slotsFromAvailabilities('Schedule/gp', [everyOther], { start, end: start + 90 * DAY });
    expect(slots.map((slot) => (Date.parse(slot.start) - start) / DAY).map(Math.floor)).toEqual([0, 14, 28]);
  });
});
