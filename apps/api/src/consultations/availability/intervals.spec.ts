import { intersectIntervals, normalizeIntervals, subtractIntervals } from './intervals';

const i = (start: number, end: number) => ({ start, end });

describe('sets of time', () => {
  it('sorts and merges overlapping and touching intervals, dropping empty ones', () => {
    expect(normalizeIntervals([i(50, 60), i(0, 10), i(10, 20), i(15, 30), i(40, 40)])).toEqual([i(0, 30), i(50, 60)]);
  });

  it('intersects', () => {
    expect(intersectIntervals([i(0, 10), i(20, 40)], [i(5, 25), i(30, 50)])).toEqual([i(5, 10), i(20, 25), i(30, 40)]);
    expect(intersectIntervals([i(0, 10)], [i(10, 20)])).toEqual([]);
  });

  it('subtracts, including one busy stretch spanning two free ones', () => {
    expect(subtractIntervals([i(0, 60)], [i(10, 20), i(30, 40)])).toEqual([i(0, 10), i(20, 30), i(40, 60)]);
    expect(subtractIntervals([i(0, 10), i(20, 30)], [i(5, 25)])).toEqual([i(0, 5), i(25, 30)]);
    expect(subtractIntervals([i(0, 10)], [i(0, 10)])).toEqual([]);
    expect(subtractIntervals([i(0, 10), i(20, 30)], [])).toEqual([i(0, 10), i(20, 30)]);
  });
});
