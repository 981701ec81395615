import { UsageError, parseDuration, parseRate, parseSimulatorOptions } from './simulator-options';

describe('simulator flags', () => {
  it.each([
    ['5/s', 5],
    ['0.2/s', 0.2],
    ['.5/s', 0.5],
    ['30/min', 0.5],
    ['120/m', 2],
    ['360/h', 0.1],
    [' 2 / s ', 2],
  ])('reads --rate %s as %s per second', (raw, perSecond) => {
    expect(parseRate(raw)).toBeCloseTo(perSecond, 10);
  });

  it.each(['5', '5/day', 'five/s', '-1/s', '0/s', '1e3/s', ''])('refuses --rate %j with the forms it takes', (raw) => {
    expect(() => parseRate(raw)).toThrow(UsageError);
    expect(() => parseRate(raw)).toThrow(/5\/s, 0\.2\/s, 30\/min or 100\/h|above zero/);
  });

  it('refuses a rate that would measure the load generator rather than Bro', () => {
    expect(() => parseRate('10000/s')).toThrow(/npm run bench -- handover/);
  });

  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['10min', 600_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
  ])('reads a duration of %s as %s ms', (raw, ms) => {
    expect(parseDuration(raw, 'duration', true)).toBe(ms);
  });

  it('runs forever only where forever makes sense', () => {
    expect(parseDuration('forever', 'duration', true)).toBe(Infinity);
    expect(() => parseDuration('forever', 'gp-delay', false)).toThrow('--gp-delay takes a duration such as 30s, 10m or 1h, got "forever"');
  });

  it.each(['10', '10 days', '0s', '-5s', 'soon'])('refuses --duration %j naming the flag', (raw) => {
    expect(() => parseDuration(raw, 'duration', true)).toThrow(/^--duration /);
  });

  it('defaults to 1/s forever against the local Bro, with a GP step of a minute', () => {
    const options = parseSimulatorOptions([], {});
    expect(options).toMatchObject({
      ratePerSecond: 1,
      durationMs: Infinity,
      gpDelayMs: 60_000,
      progressEveryMs: 5_000,
      fhirBaseUrl: 'http://localhost:3000/fhir/R4',
      apiBase: 'http://localhost:3000',
      oidcIssuer: 'http://localhost:4000',
      verbose: false,
    });
  });

  it('reads the flags of the issue and the environment of the other tools', () => {
    const options = parseSimulatorOptions(['--rate', '5/s', '--duration', '10m', '--seed', '42', '--verbose'], {
      FHIR_BASE_URL: 'https://bro.example/proxy/fhir/R4/',
      OIDC_ISSUER: 'http://idp.example:4000/',
    });
    expect(options).toMatchObject({
      ratePerSecond: 5,
      durationMs: 600_000,
      seed: 42,
      verbose: true,
      fhirBaseUrl: 'https://bro.example/proxy/fhir/R4',
      apiBase: 'https://bro.example/proxy',
      oidcIssuer: 'http://idp.example:4000',
    });
  });

  it('takes --flag=value as well', () => {
    expect(parseSimulatorOptions(['--rate=0.2/s', '--duration=forever'], {})).toMatchObject({ ratePerSecond: 0.2, durationMs: Infinity });
  });

  it('answers --help with the usage', () => {
    expect(parseSimulatorOptions(['--help'], {})).toBe('help');
  });

  it.each([
    [['--rat', '5/s'], /Unknown option '--rat'/],
    [['--rate'], /--rate/],
    [['extra'], /positional/i],
    [['--seed', 'abc'], /--seed takes a whole number/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseSimulatorOptions(argv as string[], {})).toThrow(UsageError);
    expect(() => parseSimulatorOptions(argv as string[], {})).toThrow(message);
  });

  it('refuses a FHIR_BASE_URL that is no http URL', () => {
    expect(() => parseSimulatorOptions([], { FHIR_BASE_URL: 'localhost:3000' })).toThrow(/FHIR_BASE_URL must be an http\(s\) URL|FHIR_BASE_URL is not a URL/);
    expect(() => parseSimulatorOptions([], { FHIR_BASE_URL: 'not a url' })).toThrow('FHIR_BASE_URL is not a URL: "not a url"');
  });
});
