import { planAudience } from './board-audience';

describe('planAudience', () => {
  const scopes = { hospitals: ['Organization/h1', 'Organization/h2'], offices: ['Organization/o1', 'Organization/o2', 'Organization/o3'], probeOffice: 'Organization/probe' };

  it('opens exactly the asked number of boards: probes on both instances, a fifth municipality, a fifth hospitals, the rest offices', () => {
    const boards = planAudience(500, 5, scopes);
    expect(boards).toHaveLength(500);
    const probes = boards.filter((b) => b.probe);
    expect(probes.map((b) => b.scope)).toEqual(Array(10).fill('office:Organization/probe'));
    expect(probes.filter((b) => b.instance === 0)).toHaveLength(5);
    expect(boards.filter((b) => b.scope === 'municipality')).toHaveLength(98);
    expect(boards.filter((b) => b.scope.startsWith('hospital:'))).toHaveLength(98);
    expect(boards.filter((b) => b.scope.startsWith('office:') && !b.probe)).toHaveLength(294);
  });

  it('spreads every kind of board over both instances', () => {
    const boards = planAudience(100, 2, scopes);
    for (const scope of ['municipality', 'hospital:Organization/h1', 'office:Organization/o1']) {
      const instances = new Set(boards.filter((b) => b.scope === scope).map((b) => b.instance));
      expect([...instances].sort()).toEqual([0, 1]);
    }
  });
});
