import { SUPPRESSED, parseBoardScope, suppressedCount } from './board-metrics';

describe('board metrics', () => {
  it('shows counts about one to four patients as "<5", and zero and five or more as they are', () => {
    expect(suppressedCount(0, 0)).toBe(0);
    expect(suppressedCount(1, 1)).toBe(SUPPRESSED);
    expect(suppressedCount(9, 4)).toBe(SUPPRESSED);
    expect(suppressedCount(5, 5)).toBe(5);
    expect(suppressedCount(120, 37)).toBe(120);
  });

  it('parses the three kinds of scope and nothing else', () => {
    expect(parseBoardScope('municipality')).toEqual({ kind: 'municipality' });
    expect(parseBoardScope('hospital:Organization/abc-1')).toEqual({ kind: 'hospital', organization: 'Organization/abc-1' });
    expect(parseBoardScope('office:Organization/x.y')).toEqual({ kind: 'office', organization: 'Organization/x.y' });
    for (const bad of ['', 'office:', 'office:Patient/1', 'unit:Organization/1', 'office:Organization/a b', 42, undefined]) {
      expect(parseBoardScope(bad)).toBeUndefined();
    }
  });
});
