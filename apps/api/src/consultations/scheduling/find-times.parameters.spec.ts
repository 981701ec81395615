import { DomainError } from '../../common/errors/domain-error';
import { parseFindTimesParameters } from './find-times.parameters';

const WINDOW: Array<[string, string]> = [
  ['start', '2026-03-23T08:00:00+01:00'],
  ['end', '2026-04-03T16:00:00+02:00'],
];

function refusal(pairs: Array<[string, string]>): DomainError {
  try {
    parseFindTimesParameters(pairs);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseFindTimesParameters', () => {
  it('reads the window, the practitioners (repeated or comma-separated) and the defaults', () => {
    const request = parseFindTimesParameters([...WINDOW, ['practitioner', 'PractitionerRole/a'], ['practitioner', 'PractitionerRole/b,PractitionerRole/a']]);
    expect(request.practitioners).toEqual(['PractitionerRole/a', 'PractitionerRole/b']);
    expect(request.window).toEqual({ start: Date.parse('2026-03-23T07:00:00Z'), end: Date.parse('2026-04-03T14:00:00Z') });
    expect(request).toMatchObject({ minutesDuration: 30, count: 5, stepMinutes: 15 });
  });

  it.each([
    ['an impossible date', [['start', '2026-02-30T08:00:00Z'], ['end', '2026-03-02T08:00:00Z']], 'start'],
    ['a time without offset', [['start', '2026-03-02T08:00:00'], ['end', '2026-03-03T08:00:00Z']], 'start'],
    ['an empty window', [['start', '2026-03-03T08:00:00Z'], ['end', '2026-03-03T08:00:00Z']], 'end'],
    ['a window over 26 weeks', [['start', '2026-01-01T08:00:00Z'], ['end', '2026-12-01T08:00:00Z']], 'end'],
  ])('refuses %s with 400', (_what, window, field) => {
    const error = refusal([...(window as Array<[string, string]>), ['practitioner', 'PractitionerRole/a']]);
    expect(error.status).toBe(400);
    expect(error.issues[0].expression).toEqual([field]);
  });

  it.each([
    ['minutes-duration', '4'],
    ['minutes-duration', '241'],
    ['minutes-duration', '1e2'],
    ['_count', '51'],
    ['_count', '0'],
    ['practitioner', 'Practitioner/a'],
    ['practitioner', 'Patient/p'],
    ['unknown', 'x'],
  ])('refuses %s=%s with 400', (name, value) => {
    const pairs: Array<[string, string]> = [...WINDOW, ['practitioner', 'PractitionerRole/a'], [name, value]];
    expect(refusal(pairs).status).toBe(400);
  });

  it('needs a practitioner, and a parameter at most once', () => {
    expect(refusal(WINDOW).issues[0].expression).toEqual(['practitioner']);
    expect(refusal([...WINDOW, ['practitioner', 'PractitionerRole/a'], ['_count', '3'], ['_count', '4']]).issues[0].expression).toEqual(['_count']);
  });
});
