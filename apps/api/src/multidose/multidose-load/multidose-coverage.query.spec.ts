import { byEpjSystem, coverageMonths, coverageOf } from './multidose-coverage.query';

describe('multidose coverage', () => {
  it('names the last twelve months, each at its last day and this one today', () => {
    const months = coverageMonths('2026-03-15');
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2025-04', asOf: '2025-04-30' });
    expect(months[10]).toEqual({ month: '2026-02', asOf: '2026-02-28' });
    expect(months[11]).toEqual({ month: '2026-03', asOf: '2026-03-15' });
    expect(coverageMonths('2026-01-31')[10]).toEqual({ month: '2025-12', asOf: '2025-12-31' });
  });

  it('counts offices and their GPs by the since-dates, today and per month', () => {
    const rows = [
      { office: 'Organization/a', pllSince: '2025-06-01', eMultidoseSince: '2026-02-10', epjSystem: 'Infodoc', gps: 4 },
      { office: 'Organization/b', pllSince: '2026-03-01', eMultidoseSince: null, epjSystem: ' Infodoc', gps: 2 },
      { office: 'Organization/c', pllSince: null, eMultidoseSince: null, epjSystem: null, gps: 2 },
    ];
    const coverage = coverageOf(rows, 'municipality', '2026-03-15');
    expect(coverage.offices).toEqual({ eMultidose: { count: 1, of: 3, share: 0.333 }, pll: { count: 2, of: 3, share: 0.667 } });
    expect(coverage.gps).toEqual({ eMultidose: { count: 4, of: 8, share: 0.5 }, pll: { count: 6, of: 8, share: 0.75 } });
    expect(coverage.monthlyTrend.map((month) => [month.month, month.officesEMultidose.count, month.officesPll.count])).toEqual([
      ['2025-04', 0, 0],
      ['2025-05', 0, 0],
      ['2025-06', 0, 1],
      ['2025-07', 0, 1],
      ['2025-08', 0, 1],
      ['2025-09', 0, 1],
      ['2025-10', 0, 1],
      ['2025-11', 0, 1],
      ['2025-12', 0, 1],
      ['2026-01', 0, 1],
      ['2026-02', 1, 1],
      ['2026-03', 1, 2],
    ]);
    expect(coverageOf([], 'office', '2026-03-15').offices.eMultidose).toEqual({ count: 0, of: 0, share: null });
    expect(byEpjSystem(rows, '2026-03-15')).toEqual([
      { epjSystem: 'Infodoc', offices: 2, eMultidose: 1, pll: 2 },
      { epjSystem: null, offices: 1, eMultidose: 0, pll: 0 },
    ]);
  });
});
