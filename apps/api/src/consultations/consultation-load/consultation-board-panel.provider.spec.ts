import { SUPPRESSED } from '@app/fhir/board/board-metrics';
import { Disclosure, TaskCount } from '../../access/complementary-suppression';
import { countedConsultations } from './consultation-board-panel.provider';
import { CoverageFigures, OutcomeCounts } from './consultation-figures.query';

/** `n` consultations about `n` different patients. */
const each = (n: number): TaskCount => ({ tasks: n, patients: n });

function outcomes(awaiting: number, booked: number, held: number, off: number): OutcomeCounts {
  return { proposed: each(awaiting + booked + held + off), awaiting: each(awaiting), booked: each(booked), held: each(held), declinedOrCancelled: each(off) };
}

const COVERAGE: CoverageFigures = {
  discharges: each(40),
  dischargesWith: each(10),
  tasksWith: each(20),
  contestedWith: each(6),
  tasksWithout: each(100),
  contestedWithout: each(25),
};

function shown(weeks: OutcomeCounts[], units: Array<[string, OutcomeCounts]>, coverage = COVERAGE) {
  const panel = countedConsultations(
    {
      weeks: weeks.map((counts, index) => ({ week: `2026-W${String(40 + index)}`, weekStart: `2026-10-0${index + 1}`, ...counts })),
      byUnit: units.map(([name, counts]) => ({ unit: `Organization/${name}`, name, ...counts })),
    },
    coverage,
  );
  return panel.show(new Disclosure(panel.sameTasks));
}

describe('the joint consultations panel', () => {
  it('counts each week and unit by what became of the consultations, and the shares with and without one', () => {
    const panel = shown([outcomes(5, 10, 20, 5), outcomes(6, 0, 0, 0)], [['Medisinsk', outcomes(6, 5, 15, 5)], ['Kirurgisk', outcomes(5, 5, 5, 0)]]);
    expect(panel.weeks.map(({ week, proposed, awaiting, booked, held, declinedOrCancelled }) => [week, proposed, awaiting, booked, held, declinedOrCancelled])).toEqual([
      ['2026-W40', 40, 5, 10, 20, 5],
      ['2026-W41', 6, 6, 0, 0, 0],
    ]);
    // Most proposed first.
    expect(panel.byUnit.map((unit) => [unit.name, unit.proposed, unit.held])).toEqual([
      ['Medisinsk', 31, 15],
      ['Kirurgisk', 15, 5],
    ]);
    expect(panel.dischargesWithConsultation).toEqual({ of: 40, count: 10, share: 0.25 });
    expect(panel.contestedWithConsultation).toEqual({ of: 20, count: 6, share: 0.3 });
    expect(panel.contestedWithoutConsultation).toEqual({ of: 100, count: 25, share: 0.25 });
  });

  it('hides counts about one to four patients, and a neighbour that would give a hidden one away', () => {
    // 19 proposed, 3 held: hidden alone it would be 19 − 10 − 6, so the next smallest (6 booked) is hidden with it.
    const panel = shown([outcomes(10, 6, 3, 0)], [['Medisinsk', outcomes(10, 6, 3, 0)]], { ...COVERAGE, contestedWith: each(2) });
    const [week] = panel.weeks;
    expect([week.proposed, week.awaiting, week.booked, week.held, week.declinedOrCancelled]).toEqual([19, 10, SUPPRESSED, SUPPRESSED, 0]);
    expect(panel.byUnit[0].held).toBe(SUPPRESSED);
    // A share from a hidden count is no share: it would give the count back.
    expect(panel.contestedWithConsultation).toEqual({ of: 20, count: SUPPRESSED, share: null });
  });

  it('shows zero as zero, and no share of nothing', () => {
    const none = { tasks: 0, patients: 0 };
    const panel = shown([outcomes(0, 0, 0, 0)], [], { discharges: none, dischargesWith: none, tasksWith: none, contestedWith: none, tasksWithout: none, contestedWithout: none });
    expect(panel.weeks[0].proposed).toBe(0);
    expect(panel.byUnit).toEqual([]);
    expect(panel.dischargesWithConsultation).toEqual({ of: 0, count: 0, share: null });
  });
});
