import { findConsultationTimes } from './consultation-times.finder';
import { freeIntervalsOf } from './free-intervals';
import { Interval } from './intervals';
import { parseRecurringAvailability, RECURRING_AVAILABILITY_EXTENSION } from './recurring-availability';
import { slotsFromAvailabilities } from './slot-generation';
import { instantOfWallTime, OSLO, wallTimeOf } from './wall-time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A wall time in Bergen `days` after today's date there, as an instant: fixtures follow the test's clock. */
function bergen(days: number, hour: number, minute = 0): number {
  const today = wallTimeOf(new Date(), OSLO);
  const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
  return instantOfWallTime({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute }, OSLO).getTime();
}

const span = (start: number, end: number): Interval => ({ start, end });
const local = (interval: Interval) => {
  const { hour, minute } = wallTimeOf(new Date(interval.start), OSLO);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
};
const now = Date.now();
const wideWindow = span(bergen(0, 0), bergen(30, 0));

describe('finding a time for a joint consultation', () => {
  it('offers only where all are free, on quarter hours, skipping the past', () => {
    const gp = [span(bergen(3, 14), bergen(3, 15)), span(bergen(4, 8), bergen(4, 9))];
    const doctor = [span(bergen(3, 14, 20), bergen(3, 16))];
    const times = findConsultationTimes({ freeByParticipant: [gp, doctor], window: wideWindow, minutesDuration: 20, count: 5, now });
    expect(times.map(local)).toEqual(['14:30']);
    expect(times[0]).toEqual(span(bergen(3, 14, 30), bergen(3, 14, 50)));
  });

  it('offers the next N in order and stops there', () => {
    const free = [span(bergen(2, 9), bergen(2, 11)), span(bergen(1, 13), bergen(1, 14))];
    const times = findConsultationTimes({ freeByParticipant: [free, free], window: wideWindow, minutesDuration: 30, count: 4, now });
    expect(times.map((time) => time.start)).toEqual([bergen(1, 13), bergen(1, 13, 15), bergen(1, 13, 30), bergen(2, 9)]);
  });

  it('offers nothing already begun', () => {
    const started = [span(now - HOUR, now + 2 * HOUR)];
    const times = findConsultationTimes({ freeByParticipant: [started], window: span(now - DAY, now + DAY), minutesDuration: 30, count: 1, now });
    expect(times[0].start).toBeGreaterThanOrEqual(now);
    expect(times[0].start % (15 * MINUTE)).toBe(0);
    expect(times[0].start - now).toBeLessThan(15 * MINUTE);
  });

  it('answers empty when nobody shares a free time, or no shared time is long enough', () => {
    const gp = [span(bergen(3, 14), bergen(3, 15))];
    const doctor = [span(bergen(3, 15), bergen(3, 16))];
    expect(findConsultationTimes({ freeByParticipant: [gp, doctor], window: wideWindow, minutesDuration: 15, count: 3, now })).toEqual([]);
    const overlap = [span(bergen(3, 14, 30), bergen(3, 16))];
    expect(findConsultationTimes({ freeByParticipant: [gp, overlap], window: wideWindow, minutesDuration: 45, count: 3, now })).toEqual([]);
    expect(findConsultationTimes({ freeByParticipant: [gp, overlap], window: wideWindow, minutesDuration: 30, count: 3, now }).map(local)).toEqual(['14:30']);
  });

  it('keeps to the window', () => {
    const free = [span(bergen(3, 8), bergen(3, 16))];
    const window = span(bergen(3, 10), bergen(3, 11));
    expect(findConsultationTimes({ freeByParticipant: [free], window, minutesDuration: 30, count: 10, now }).map(local)).toEqual(['10:00', '10:15', '10:30']);
  });

  it('takes booked consultations out of the free Slots', () => {
    const slots = [{ status: 'free', start: new Date(bergen(5, 14)).toISOString(), end: new Date(bergen(5, 15)).toISOString() }];
    const free = freeIntervalsOf(slots, [span(bergen(5, 14), bergen(5, 14, 30))]);
    expect(findConsultationTimes({ freeByParticipant: [free], window: wideWindow, minutesDuration: 30, count: 3, now }).map(local)).toEqual(['14:30']);
    const blocked = freeIntervalsOf([...slots, { status: 'busy-unavailable', start: slots[0].start, end: slots[0].end }], []);
    expect(blocked).toEqual([]);
  });

  it.each([
    ['spring', 3],
    ['autumn', 10],
  ])('finds 14:00 in Bergen on the Tuesdays either side of the %s change', (_season, month) => {
    const year = new Date().getUTCFullYear() + 1;
    const last = new Date(Date.UTC(year, month as number, 0));
    const change = Date.UTC(year, (month as number) - 1, last.getUTCDate() - last.getUTCDay());
    const rule = (localStart: string) => {
      const parsed = parseRecurringAvailability({
        url: RECURRING_AVAILABILITY_EXTENSION,
        extension: [
          { url: 'rrule', valueString: 'FREQ=WEEKLY;BYDAY=TU' },
          { url: 'firstDay', valueDate: new Date(change - 20 * DAY).toISOString().slice(0, 10) },
          { url: 'localStart', valueTime: localStart },
          { url: 'minutesDuration', valuePositiveInt: 60 },
        ],
      });
      if ('problem' in parsed) throw new Error(parsed.problem);
      return parsed.availability;
    };
    const window = span(change - 7 * DAY, change + 7 * DAY);
    const gpFree = freeIntervalsOf(slotsFromAvailabilities('Schedule/gp', [rule('14:00:00')], window), []);
    const doctorFree = freeIntervalsOf(slotsFromAvailabilities('Schedule/doctor', [rule('13:30:00')], window), []);
    const times = findConsultationTimes({ freeByParticipant: [gpFree, doctorFree], window, minutesDuration: 30, count: 10, stepMinutes: 30, now: change - 30 * DAY });
    expect(times.map(local)).toEqual(['14:00', '14:00']);
    expect(times[1].start - times[0].start).toBe(7 * DAY + (month === 3 ? -HOUR : HOUR));
  });
});
