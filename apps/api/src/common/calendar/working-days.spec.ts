import { addWorkingDays, isWorkingDay, publicHolidays, workingDaysBetween } from './working-days';

describe('Norwegian working days', () => {
  it('knows the moving and fixed public holidays of a year', () => {
    const holidays = publicHolidays(2027);
    // Easter 2027: Maundy Thursday 25 March to Easter Monday 29 March; Ascension 6 May; Whit Monday 17 May.
    for (const day of ['2027-01-01', '2027-03-25', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-12-25', '2027-12-26']) {
      expect(holidays.has(day)).toBe(true);
    }
    expect(holidays.has('2027-12-24')).toBe(false);
    expect(isWorkingDay('2027-12-24')).toBe(true);
  });

  it('skips weekends', () => {
    expect(addWorkingDays('2027-01-08', 1)).toBe('2027-01-11'); // Friday → Monday
    expect(addWorkingDays('2027-01-09', 1)).toBe('2027-01-11'); // Saturday → Monday
    expect(addWorkingDays('2027-01-11', 10)).toBe('2027-01-25');
  });

  it('counts 10 working days across Easter', () => {
    // Received Wednesday 24 March 2027: Maundy Thursday, Good Friday and Easter Monday do not count.
    expect(addWorkingDays('2027-03-24', 10)).toBe('2027-04-12');
  });

  it('counts across 1 May, Ascension and 17 May', () => {
    // 2026: 1 May Friday, Ascension Thursday 14 May, 17 May a Sunday, Whit Monday 25 May.
    expect(addWorkingDays('2026-04-30', 1)).toBe('2026-05-04');
    expect(addWorkingDays('2026-05-13', 1)).toBe('2026-05-15');
    expect(addWorkingDays('2026-05-22', 1)).toBe('2026-05-26');
    // 2028: 17 May is a Wednesday.
    expect(addWorkingDays('2028-05-16', 1)).toBe('2028-05-18');
  });

  it('counts across Christmas and New Year', () => {
    // Received Monday 21 December 2026: 25 and 26 Dec (Fri, Sat) and 1 Jan do not count; 24 and 31 Dec do.
    expect(addWorkingDays('2026-12-21', 10)).toBe('2027-01-06');
    expect(workingDaysBetween('2026-12-21', '2027-01-06')).toBe(10);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2027-01-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2027-01-01', 1.5)).toThrow(RangeError);
  });
});
