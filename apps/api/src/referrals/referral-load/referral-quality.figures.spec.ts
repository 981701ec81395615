import { SUPPRESSED } from '@app/fhir/board/board-metrics';
import { TaskCount } from '../../access/complementary-suppression';
import { countedReferrals } from './referral-board-panel.provider';
import { MeasureCounts, ReferralWeeklyFigures, isoWeekOf, referralCalendar } from './referral-figures.query';
import { suppressedReferralFigures } from './referral-quality.figures';
import { Disclosure } from '../../access/complementary-suppression';

const n = (tasks: number): TaskCount => ({ tasks, patients: tasks });
const measure = (count: number, parts: Partial<Record<'routed' | 'objected' | 'notRouted', number>> = {}, medianHours: number | null = null): MeasureCounts => ({
  n: n(count),
  routed: n(parts.routed ?? 0),
  objected: n(parts.objected ?? 0),
  notRouted: n(parts.notRouted ?? 0),
  medianHours,
  medianWorkingDays: medianHours === null ? null : medianHours / 24,
});

describe('the referral figures calendar', () => {
  it('names ISO weeks across a year boundary', () => {
    expect(isoWeekOf('2026-12-28')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2026-03-23')).toBe('2026-W13');
  });

  it('counts weeks from Monday in Oslo, whatever the day in UTC', () => {
    // Sunday 23:30 UTC is Monday 00:30 in Oslo (winter): a new week.
    const calendar = referralCalendar(new Date('2026-03-22T23:30:00Z'), 3);
    expect(calendar.today).toBe('2026-03-23');
    expect(calendar.weeks).toEqual([
      { week: '2026-W11', weekStart: '2026-03-09' },
      { week: '2026-W12', weekStart: '2026-03-16' },
      { week: '2026-W13', weekStart: '2026-03-23' },
    ]);
    expect(calendar.from.toISOString()).toBe('2026-03-08T23:00:00.000Z');
  });
});

describe('suppressing the referral figures', () => {
  it('hides counts about 1–4 patients, a lone hidden cell with its smallest partner, and a median with its cell', () => {
    const calendar = referralCalendar(new Date('2026-03-25T12:00:00Z'), 2);
    const none = measure(0);
    const figures: ReferralWeeklyFigures = {
      calendar,
      totals: { rejected: measure(12, { routed: 10, objected: 0, notRouted: 2 }), triaged: measure(3, {}, 30), assessmentBreaches: measure(6), triageBreaches: none },
      weeks: [
        { ...calendar.weeks[0], rejected: measure(6, { routed: 6 }), triaged: measure(3, {}, 30), assessmentBreaches: measure(6), triageBreaches: none },
        { ...calendar.weeks[1], rejected: measure(6, { routed: 4, notRouted: 2 }), triaged: none, assessmentBreaches: none, triageBreaches: none },
      ],
      byUnit: [
        { unit: 'Organization/b', name: 'B', ...measure(9, { routed: 9 }) },
        { unit: 'Organization/a', name: 'A', ...measure(3, { routed: 1, notRouted: 2 }) },
      ],
      byReason: [{ reason: 'PRIMAERHELSETJENESTE', ...measure(12) }],
      outcomes: [{ outcome: 'INGEN-BEHOV', ...measure(3) }],
    };
    const shown = suppressedReferralFigures('municipality', figures);
    // 12 = 10 routed + 0 objected + 2 not routed: the 2 hidden, and the 10 with it.
    expect(shown.totals).toEqual({ rejected: 12, routed: SUPPRESSED, objected: 0, notRouted: SUPPRESSED, routedShare: null, triaged: SUPPRESSED, assessmentBreaches: 6, triageBreaches: 0 });
    // Weeks' routed: 6 and 4 of a hidden total; the 4 is about 4 patients.
    expect(shown.weeks.map((week) => [week.rejected, week.routed, week.routedShare, week.triaged, week.medianHoursToTriage])).toEqual([
      [6, 6, 1, SUPPRESSED, SUPPRESSED],
      [6, SUPPRESSED, null, 0, null],
    ]);
    // Unit A's 3 is hidden, and B's 9 with it (12 − 9 would give it back); hidden rows by name.
    expect(shown.byUnit.map((unit) => [unit.name, unit.rejected])).toEqual([
      ['A', SUPPRESSED],
      ['B', SUPPRESSED],
    ]);
    expect(shown.byReason).toEqual([{ reason: 'PRIMAERHELSETJENESTE', rejected: 12 }]);
    expect(shown.timeToTriage).toEqual({ medianHours: SUPPRESSED, medianWorkingDays: SUPPRESSED, cases: SUPPRESSED });
  });

  it("shows the board's queue and this week's rejections, hiding the partner of a lone hidden cell", () => {
    const calendar = referralCalendar(new Date('2026-03-25T12:00:00Z'), 1);
    const counted = countedReferrals(calendar, {
      openInQueue: n(9),
      waiting: n(6),
      claimed: n(3),
      overdueTriage: n(5),
      unansweredPastDeadline: n(0),
      rejected: n(7),
      routed: n(7),
      notRouted: n(0),
    });
    expect(counted.show(new Disclosure(counted.sameTasks))).toEqual({
      now: { openInQueue: 9, waiting: SUPPRESSED, claimed: SUPPRESSED, overdueTriage: 5, unansweredPastDeadline: 0 },
      thisWeek: { week: '2026-W13', weekStart: '2026-03-23', rejected: 7, routed: 7, notRouted: 0 },
    });
  });
});
