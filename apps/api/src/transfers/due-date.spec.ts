import { defaultDueDate } from './due-date';

describe('due dates', () => {
  it('counts from the discharge day in Bergen, not in UTC', () => {
    // 23:30 UTC on 31 March is already 1 April in Oslo (summer time, UTC+2).
    expect(defaultDueDate(new Date('2026-03-31T23:30:00Z'), 7)).toBe('2026-04-08');
  });
});
