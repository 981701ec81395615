import { SUPPRESSED } from '@app/fhir/board/board-metrics';
import { Disclosure, SameTasks, TaskCount } from './complementary-suppression';

/** A count of `tasks` tasks about as many patients (or `patients`). */
const cell = (tasks: number, patients = tasks): TaskCount => ({ tasks, patients });

/**
 * What an attacker can work out: every hidden cell is an unknown, every group an equation (its two
 * sides add up to the same); a hidden cell is given away when the equations pin it to one value, that
 * is when its unit vector lies in the span of the equations' rows (Gaussian elimination).
 */
function derivableCells(groups: SameTasks[], disclosure: Disclosure): TaskCount[] {
  const unknowns = [...new Set(groups.flatMap((g) => [...g.whole, ...g.parts]).filter((c) => disclosure.isHidden(c)))];
  const rows = groups.map((group) => unknowns.map((u) => (group.parts.includes(u) ? 1 : 0) - (group.whole.includes(u) ? 1 : 0)));
  // Row-reduce.
  const reduced: number[][] = [];
  for (const row of rows) {
    const r = [...row];
    for (const pivotRow of reduced) {
      const pivot = pivotRow.findIndex((v) => Math.abs(v) > 1e-9);
      if (Math.abs(r[pivot]) > 1e-9) {
        const factor = r[pivot] / pivotRow[pivot];
        for (let i = 0; i < r.length; i++) r[i] -= factor * pivotRow[i];
      }
    }
    if (r.some((v) => Math.abs(v) > 1e-9)) {
      const pivot = r.findIndex((v) => Math.abs(v) > 1e-9);
      for (const other of reduced) {
        if (Math.abs(other[pivot]) > 1e-9) {
          const factor = other[pivot] / r[pivot];
          for (let i = 0; i < r.length; i++) other[i] -= factor * r[i];
        }
      }
      reduced.push(r);
    }
  }
  // An unknown is pinned when some reduced row has it as its only non-zero entry.
  return unknowns.filter((_, index) => reduced.some((row) => Math.abs(row[index]) > 1e-9 && row.every((v, i) => i === index || Math.abs(v) < 1e-9)));
}

describe('complementary suppression', () => {
  it('hides the next smallest cell of a row when a total minus the visible cells would give the hidden one away', () => {
    // Naively: 20 − 9 − 8 = 3, the "<5".
    const [total, provesvar, kontroll, sykmeld] = [cell(20), cell(9), cell(8), cell(3)];
    const groups = [{ whole: [total], parts: [provesvar, kontroll, sykmeld] }];
    const naive = new Disclosure([]);
    expect([total, provesvar, kontroll, sykmeld].map((c) => naive.show(c))).toEqual([20, 9, 8, '<5']);
    expect(derivableCells(groups, naive)).toEqual([sykmeld]);

    const disclosure = new Disclosure(groups);
    expect([total, provesvar, kontroll, sykmeld].map((c) => disclosure.show(c))).toEqual([20, 9, '<5', '<5']);
    expect(derivableCells(groups, disclosure)).toEqual([]);
  });

  it('protects a column of weeks against its total, and a breakdown of the same total, at once', () => {
    // Quality report: 14 handed over; weeks 8, 5, 1 (one patient); categories 10, 4 (two patients).
    const total = cell(14);
    const weeks = [cell(8), cell(5), cell(1)];
    const categories = [cell(10), cell(4, 2)];
    const groups = [
      { whole: [total], parts: weeks },
      { whole: [total], parts: categories },
    ];
    const disclosure = new Disclosure(groups);
    expect(weeks.map((c) => disclosure.show(c))).toEqual([8, '<5', '<5']);
    // The only other category is bigger than the total minus it: both hidden, the total stays.
    expect(categories.map((c) => disclosure.show(c))).toEqual(['<5', '<5']);
    expect(disclosure.show(total)).toBe(14);
    expect(derivableCells(groups, disclosure)).toEqual([]);
  });

  it('follows a cell hidden for one group into the other groups it belongs to', () => {
    // x is the smallest beside the hidden p in the first group; hiding it leaves it alone in the second.
    const [p, x, y, z, w] = [cell(2), cell(6), cell(9), cell(7), cell(12)];
    const groups = [
      { whole: [cell(17)], parts: [p, x, y] },
      { whole: [cell(25)], parts: [x, z, w] },
    ];
    const disclosure = new Disclosure(groups);
    expect([p, x, y, z, w].map((c) => disclosure.show(c))).toEqual(['<5', '<5', 9, '<5', 12]);
    expect(derivableCells(groups, disclosure)).toEqual([]);
  });

  it('protects two breakdowns of one period that show no total (weeks against contested reasons)', () => {
    const weeks = [cell(6), cell(7), cell(2)];
    const reasons = [cell(10), cell(5)];
    const groups = [{ whole: weeks, parts: reasons }];
    const disclosure = new Disclosure(groups);
    expect(derivableCells(groups, new Disclosure([]))).toEqual([weeks[2]]);
    expect([...weeks, ...reasons].map((c) => disclosure.show(c))).toEqual([6, 7, '<5', 10, '<5']);
    expect(derivableCells(groups, disclosure)).toEqual([]);
  });

  it('hides by patients, not tasks: five tasks of one patient are hidden, and so is their complement', () => {
    const [total, many, one] = [cell(30, 12), cell(25, 11), cell(5, 1)];
    const disclosure = new Disclosure([{ whole: [total], parts: [many, one] }]);
    expect([total, many, one].map((c) => disclosure.show(c))).toEqual([30, '<5', '<5']);
  });

  it('never hides a zero, and leaves a group alone whose unseen remainder already hides the cell', () => {
    const [total, big, small, none] = [cell(20), cell(16), cell(3), cell(0)];
    // One task has no category: 20 ≠ 16 + 3 + 0, so 20 − 16 does not give the 3.
    const disclosure = new Disclosure([{ whole: [total], parts: [big, small, none] }]);
    expect([total, big, small, none].map((c) => disclosure.show(c))).toEqual([20, 16, '<5', 0]);
  });

  it('needs nothing more when the total is itself hidden, or two cells already are', () => {
    const hiddenTotal = new Disclosure([{ whole: [cell(3)], parts: [cell(2), cell(1), cell(0)] }]);
    expect(hiddenTotal.show(cell(7))).toBe(7);
    const [a, b, c] = [cell(9), cell(2), cell(3)];
    const two = new Disclosure([{ whole: [cell(14)], parts: [a, b, c] }]);
    expect([a, b, c].map((x) => two.show(x))).toEqual([9, '<5', '<5']);
  });

  it('shows exactly the cells the viewer may see every task of, and still protects a hidden cell beside them', () => {
    // A GP's own office: 7 open tasks of 2 patients, all theirs; another GP's 3 tasks (one patient) in one category.
    const [mine, theirs, total] = [cell(7, 2), cell(3, 1), cell(10, 5)];
    const [a, b, c] = [cell(6), cell(1), cell(3)];
    const groups = [
      { whole: [total], parts: [mine, theirs] },
      { whole: [total], parts: [a, b, c] },
    ];
    const known = new Set([mine, a, b]);
    const disclosure = new Disclosure(groups, (x) => known.has(x));
    expect(disclosure.show(mine)).toBe(7);
    expect([a, b].map((x) => disclosure.show(x))).toEqual([6, 1]);
    // What the viewer could not see stays hidden, and the total with it, or total − 7 would give it away.
    expect(disclosure.show(theirs)).toBe(SUPPRESSED);
    expect(disclosure.show(total)).toBe(SUPPRESSED);
    expect(disclosure.show(c)).toBe(SUPPRESSED);
    // Whatever the viewer knows anyway is not a secret: the cells they could not see cannot be worked out.
    expect(derivableCells(groups, disclosure).filter((x) => !known.has(x))).toEqual([]);
  });

  it('shows a viewer who may see every task the whole table exactly, and everyone else the suppressed one', () => {
    const [total, one, two] = [cell(7, 2), cell(4, 1), cell(3, 1)];
    const groups = [{ whole: [total], parts: [one, two] }];
    expect([total, one, two].map((x) => new Disclosure(groups, () => true).show(x))).toEqual([7, 4, 3]);
    expect([total, one, two].map((x) => new Disclosure(groups).show(x))).toEqual([SUPPRESSED, SUPPRESSED, SUPPRESSED]);
  });

  it('ranks shown rows biggest first and hidden rows after them by label, so the order gives no bounds', () => {
    const rows = [
      { key: 'SYKMELD', count: cell(3) },
      { key: 'KONTROLL', count: cell(8) },
      { key: 'PROVESVAR', count: cell(9) },
      { key: 'MED-JUST', count: cell(12) },
      { key: 'RESEPT-NY', count: cell(0) },
    ];
    const disclosure = new Disclosure([{ whole: [cell(32)], parts: rows.map((row) => row.count) }]);
    expect(disclosure.ranked(rows, (row) => row.count, (row) => row.key).map((row) => [row.key, disclosure.show(row.count)])).toEqual([
      ['MED-JUST', 12],
      ['PROVESVAR', 9],
      ['RESEPT-NY', 0],
      ['KONTROLL', '<5'],
      ['SYKMELD', '<5'],
    ]);
  });
});
