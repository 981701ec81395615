import { approximateRange, parseFhirDateRange, rangeOfElement } from './fhir-date-range';

describe('FHIR date ranges', () => {
  it.each([
    ['2026', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
    ['2026-12-31', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2026-11-23T10:15+01:00', '2026-11-23T09:15:00.000Z', '2026-11-23T09:16:00.000Z'],
    ['2026-11-23T10:15:30Z', '2026-11-23T10:15:30.000Z', '2026-11-23T10:15:31.000Z'],
    ['2026-11-23T10:15:30.250Z', '2026-11-23T10:15:30.250Z', '2026-11-23T10:15:30.251Z'],
  ])('%s covers [%s, %s)', (value, start, end) => {
    const range = parseFhirDateRange(value)!;
    expect(range.start.toISOString()).toBe(start);
    expect(range.end.toISOString()).toBe(end);
  });

  it.each([
    'yesterday',
    '2026-13',
    '2026-00',
    '23.11.2026',
    '2026-11-23T25:00Z',
    '2026-11-23T10:60Z',
    '0000',
    '0000-01-01',
    '0000-01-01T00:00:00Z',
    '1960-02-30',
    '2025-02-29',
    '2026-04-31',
    '2026-11-23T10:00+15:00',
    '0001-01-01T00:00:00+01:00',
  ])('refuses %s', (value) => {
    expect(parseFhirDateRange(value)).toBeUndefined();
  });

  it('keeps the years 1 to 99 as they are, and ends the year 9999 within what the database can hold', () => {
    expect(parseFhirDateRange('0001-01-01')!.start.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(parseFhirDateRange('0099')!.end.toISOString()).toBe('0100-01-01T00:00:00.000Z');
    expect(parseFhirDateRange('2024-02-29')!.start.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseFhirDateRange('9999')!.end.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('reads a Period with an open end as running to infinity', () => {
    expect(rangeOfElement({ start: '2026-11-01' })).toEqual({ start: '2026-11-01T00:00:00.000Z', end: 'infinity' });
    expect(rangeOfElement({ end: '2026-11-30' })).toEqual({ start: '-infinity', end: '2026-12-01T00:00:00.000Z' });
    expect(rangeOfElement({})).toBeUndefined();
  });

  it('widens an ap range by a tenth of its distance from now, on both sides', () => {
    const now = new Date('2026-11-11T00:00:00.000Z');
    const day = parseFhirDateRange('2026-10-31')!; // ten days before now: widened by one day
    expect(approximateRange(day, now)).toEqual({ start: new Date('2026-10-30T00:00:00.000Z'), end: new Date('2026-11-02T00:00:00.000Z') });
    const ahead = parseFhirDateRange('2026-11-21')!; // ten days after now
    expect(approximateRange(ahead, now)).toEqual({ start: new Date('2026-11-20T00:00:00.000Z'), end: new Date('2026-11-23T00:00:00.000Z') });
    const today = parseFhirDateRange('2026-11-11')!;
    expect(approximateRange(today, now)).toEqual(today);
  });
});
