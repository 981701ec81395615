import { MULTIDOSE_STATE_EXTENSION, MultidoseMode, Resource } from '@app/fhir';
import { multidoseDemoPatients, multidoseEpisodeFor } from './multidose-episodes.seed';

const patient = (id: string, number: string, birthDate: string): Resource => ({ resourceType: 'Patient', id, identifier: [{ value: number }], birthDate });

describe('the demo multidose episodes', () => {
  it('picks the patients of 75 and over, the first few by fødselsnummer, the same every run', () => {
    const patients = [
      patient('a', '05', '1940-01-01'),
      patient('b', '01', '1951-12-06'),
      patient('c', '02', '1951-12-07'),
      patient('d', '03', '1930-05-05'),
      patient('e', '04', '1960-01-01'),
      patient('f', '00', '1945-02-02'),
    ];
    expect(multidoseDemoPatients(patients, '2026-12-06', 3).map((p) => p.id)).toEqual(['f', 'b', 'd']);
    expect(multidoseDemoPatients([...patients].reverse(), '2026-12-06', 3).map((p) => p.id)).toEqual(['f', 'b', 'd']);
    expect(multidoseDemoPatients(patients, '2026-12-06', 10).map((p) => p.id)).toEqual(['f', 'b', 'd', 'a']);
  });

  it('registers an active episode with the GP responsible at their office', () => {
    const episode = multidoseEpisodeFor({ user: 'gp', role: 'PractitionerRole/r', office: 'Organization/o' }, 'Patient/p', MultidoseMode.Electronic, { her: '8100001', name: 'Apotek 1 Sentrum' });
    expect(episode).toEqual(
      expect.objectContaining({
        status: 'active',
        patient: { reference: 'Patient/p' },
        careManager: expect.objectContaining({ reference: 'PractitionerRole/r', identifier: expect.objectContaining({ value: expect.any(String) }) }),
        managingOrganization: { reference: 'Organization/o' },
      }),
    );
    expect(episode.extension).toEqual(expect.arrayContaining([{ url: MULTIDOSE_STATE_EXTENSION, valueCode: 'active' }]));
  });
});
