import { parseRecurringAvailability, RECURRING_AVAILABILITY_EXTENSION, recurringAvailabilitiesOf } from './recurring-availability';

function extension(parts: Record<string, unknown>) {
  return {
    url: RECURRING_AVAILABILITY_EXTENSION,
    extension: Object.entries({ rrule: { valueString: 'FREQ=WEEKLY;BYDAY=TU' }, firstDay: { valueDate: '2030-01-01' }, localStart: { valueTime: '14:00:00' }, minutesDuration: { valuePositiveInt: 60 }, ...parts })
      .filter(([, value]) => value !== undefined)
      .map(([url, value]) => ({ url, ...(value as object) })),
  };
}

describe('recurring availability on a Schedule', () => {
  it('reads a rule with Oslo as the default zone', () => {
    expect(parseRecurringAvailability(extension({}))).toEqual({
      availability: { rule: 'FREQ=WEEKLY;BYDAY=TU', firstDay: { year: 2030, month: 1, day: 1, hour: 14, minute: 0 }, minutesDuration: 60, timeZone: 'Europe/Oslo' },
    });
  });

  it.each([
    [{ rrule: undefined }, /needs its rule/],
    [{ rrule: { valueString: 'every tuesday' } }, /not an RRULE value/],
    [{ rrule: { valueString: 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=14' } }, /BYHOUR does not belong/],
    [{ rrule: { valueString: 'DTSTART=20300101T140000;FREQ=DAILY' } }, /DTSTART does not belong/],
    [{ rrule: { valueString: 'FREQ=HOURLY' } }, /FREQ must be/],
    [{ firstDay: { valueDate: '1.1.2030' } }, /firstDay/],
    [{ localStart: { valueTime: '14:00:30' } }, /localStart/],
    [{ minutesDuration: { valuePositiveInt: 0 } }, /minutesDuration/],
    [{ timeZone: { valueCode: 'Europe/Bergen' } }, /not a time zone/],
  ])('refuses %o', (parts, problem) => {
    const parsed = parseRecurringAvailability(extension(parts));
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });

  it('reads every rule on a Schedule, or says what is wrong', () => {
    expect(recurringAvailabilitiesOf({ extension: [extension({}), { url: 'urn:other', valueString: 'x' }, extension({ localStart: { valueTime: '08:00:00' } })] })).toMatchObject({
      availabilities: [{ firstDay: { hour: 14 } }, { firstDay: { hour: 8 } }],
    });
    expect(recurringAvailabilitiesOf({ extension: [extension({ rrule: { valueString: 'FREQ=SECONDLY' } })] })).toEqual({ problem: 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY' });
  });
});
