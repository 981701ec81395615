import { RevolvingDoorFiguresRaw, revolvingDoorCalendar } from './revolving-door-figures.query';
import { countedRevolvingDoor, rateOf, suppressedRevolvingDoorFigures } from './revolving-door.figures';
import { Disclosure } from '../../access/complementary-suppression';

const count = (n: number, patients = n) => ({ tasks: n, patients });

function raw(overrides: Partial<RevolvingDoorFiguresRaw> = {}): RevolvingDoorFiguresRaw {
  const calendar = revolvingDoorCalendar(new Date(), 2);
  return {
    calendar,
    totals: { discharges: count(40), readmitted: count(8) },
    recent: { discharges: count(20), readmitted: count(3) },
    recentPatients: { total: count(6), withJoint: count(2), withoutJoint: count(4) },
    patients: { total: count(8), withJoint: count(5), withoutJoint: count(3) },
    weeks: calendar.weeks.map((week, index) => ({ ...week, discharges: count(index ? 25 : 15), readmitted: count(index ? 5 : 3) })),
    byUnit: [
      { unit: 'Organization/a', name: 'Medisinsk', discharges: count(36), readmitted: count(7) },
      { unit: 'Organization/b', name: 'Kirurgisk', discharges: count(4), readmitted: count(1) },
    ],
    ...overrides,
  };
}

describe('revolving-door figures', () => {
  it('gives the share readmitted to three decimals, nothing to divide by as null, and hides it with its counts', () => {
    expect(rateOf(5, 11)).toBe(0.455);
    expect(rateOf(0, 0)).toBeNull();
    expect(rateOf('<5', 11)).toBe('<5');
    expect(rateOf(5, '<5')).toBe('<5');
  });

  it('hides every count about 1–4 patients, and a second cell where a total beside it would give one away', () => {
    const figures = suppressedRevolvingDoorFigures('municipality', raw());
    expect(figures.totals).toEqual({ discharges: 40, readmitted: 8, rate: 0.2 });
    // Kirurgisk discharged 4: hidden; Medisinsk would give it back as 40 − 36, so it is hidden too.
    expect(figures.byUnit.map((unit) => [unit.name, unit.discharges, unit.rate])).toEqual([
      ['Kirurgisk', '<5', '<5'],
      ['Medisinsk', '<5', '<5'],
    ]);
    // Three without a joint consultation: hidden, and the five with it too (8 − 5 would tell).
    expect(figures.patients).toEqual({ total: 8, withJointConsultation: '<5', withoutJointConsultation: '<5' });
    // Readmitted 3 and 5 of 8 by week: the 3 is hidden, and so the 5 with it; the discharges (15, 25) are shown.
    expect(figures.weeks.map((week) => [week.discharges, week.readmitted])).toEqual([
      [15, '<5'],
      [25, '<5'],
    ]);
  });

  it('shows zero as zero: no one is no one', () => {
    const figures = suppressedRevolvingDoorFigures('municipality', raw({ patients: { total: count(6), withJoint: count(0), withoutJoint: count(6) } }));
    expect(figures.patients).toEqual({ total: 6, withJointConsultation: 0, withoutJointConsultation: 6 });
  });

  it("puts the board's last 30 days, patients and 8-week trend through the board's suppression", () => {
    const counted = countedRevolvingDoor(raw());
    const panel = counted.show(new Disclosure(counted.sameTasks));
    expect(panel.last30Days).toEqual({ discharges: 20, readmitted: '<5', rate: '<5' });
    expect(panel.patients).toEqual({ total: 6, withJointConsultation: '<5', withoutJointConsultation: '<5' });
    expect(panel.trend).toHaveLength(2);
  });
});
