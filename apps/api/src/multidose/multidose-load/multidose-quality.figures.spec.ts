import { SUPPRESSED } from '@app/fhir/board/board-metrics';
import { Disclosure, TaskCount } from '../../access/complementary-suppression';
import { countedMultidose } from './multidose-board-panel.provider';
import { MultidoseNowCounts, MultidoseWeekCounts, multidoseCalendar } from './multidose-figures.query';
import { suppressedMultidoseFigures } from './multidose-quality.figures';

const n = (count: number): TaskCount => ({ tasks: count, patients: count });

function nowCounts(partial: Partial<MultidoseNowCounts> = {}): MultidoseNowCounts {
  return {
    pendingChanges: n(6),
    waited: { medianHours: 30, longestHours: 50, medianWorkingDays: 2, longestWorkingDays: 3 },
    overdueUpdates: n(2),
    oldListDeviations: n(0),
    open: n(9),
    eMultidose: n(7),
    paper: n(2),
    noMode: n(0),
    paperOfficeNotConnected: n(2),
    ...partial,
  };
}

const week = (created: number, completed: number, due: number, overdue: number): MultidoseWeekCounts => ({
  created: n(created),
  completed: n(completed),
  medianHoursToList: completed ? 20 : null,
  medianWorkingDaysToList: completed ? 1 : null,
  due: n(due),
  overdue: n(overdue),
  deviations: n(0),
});

describe('the multidose panel and figures as shown', () => {
  it('hide counts about 1–4 patients, and the part that would give a hidden one away', () => {
    const panel = countedMultidose({} as never, nowCounts());
    const shown = panel.show(new Disclosure(panel.sameTasks)).patients;
    // Nine open: seven on e-multidose, two on paper. The 2 is hidden, and the 7 with it (9 − 7 would give it back).
    expect(shown).toEqual({
      pendingChanges: 6,
      waited: { medianHours: 30, longestHours: 50, medianWorkingDays: 2, longestWorkingDays: 3 },
      overdueUpdates: SUPPRESSED,
      oldListDeviations: 0,
      open: 9,
      eMultidose: SUPPRESSED,
      paper: SUPPRESSED,
      paperOfficeNotConnected: SUPPRESSED,
    });
  });

  it('hide the waits with a hidden pending count, and leave the parts alone when episodes without a mode keep the total from adding up', () => {
    const panel = countedMultidose({} as never, nowCounts({ pendingChanges: n(3), open: n(12), noMode: n(3) }));
    const shown = panel.show(new Disclosure(panel.sameTasks)).patients;
    expect(shown.pendingChanges).toBe(SUPPRESSED);
    expect(shown.waited).toEqual({ medianHours: null, longestHours: null, medianWorkingDays: null, longestWorkingDays: null });
    expect([shown.open, shown.eMultidose, shown.paper]).toEqual([12, 7, SUPPRESSED]);
  });

  it("give the quality team each week within the period's total, medians and shares only with their cells", () => {
    const calendar = multidoseCalendar(new Date('2026-12-09T12:00:00Z'), 3);
    const weeks = [week(5, 5, 6, 1), week(3, 0, 0, 0), week(6, 6, 5, 0)];
    const figures = suppressedMultidoseFigures('municipality', { calendar, totals: week(14, 11, 11, 1), weeks: calendar.weeks.map((w, i) => ({ ...w, ...weeks[i] })) }, nowCounts());
    expect(figures.weeks.map((w) => w.week)).toEqual(['2026-W48', '2026-W49', '2026-W50']);
    // Created: the 3 hidden, and the smallest other week (the 5) with it.
    expect(figures.weeks.map((w) => w.created)).toEqual([SUPPRESSED, SUPPRESSED, 6]);
    expect(figures.totals.created).toBe(14);
    // Overdue: the lone 1 hidden in its week and the total (both 1): the week's share is hidden too.
    expect(figures.weeks[0]).toEqual(expect.objectContaining({ due: 6, overdue: SUPPRESSED, overdueShare: null, completed: 5, medianHoursToList: 20 }));
    expect(figures.weeks[2]).toEqual(expect.objectContaining({ due: 5, overdue: 0, overdueShare: 0 }));
    expect(figures.totals).toEqual(expect.objectContaining({ completed: 11, due: 11, overdue: SUPPRESSED, overdueShare: null }));
    expect(figures.now.eMultidose).toBe(SUPPRESSED);
  });
});
