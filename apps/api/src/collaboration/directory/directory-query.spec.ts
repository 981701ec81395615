import { DomainError } from '../../common/errors/domain-error';
import { DirectoryEntryKind } from '@app/fhir';
import { MAX_QUERY_WORDS, directoryWords, readDirectoryQuery } from './directory-query';

function refused(query: Record<string, unknown>): string {
  try {
    readDirectoryQuery(query);
  } catch (error) {
    if (error instanceof DomainError && error.status === 400) return error.message;
    throw error;
  }
  throw new Error(`${JSON.stringify(query)} was accepted`);
}

describe('directory query', () => {
  it('folds what is typed as the directory is folded: accents, case, ø and æ, punctuation between words', () => {
    expect(directoryWords('Åsane')).toEqual(['asane']);
    expect(directoryWords('SØRENSEN')).toEqual(['sorensen']);
    expect(directoryWords('Ærø  Kirurgisk-avd., (Haukeland)')).toEqual(['aero', 'kirurgisk', 'avd', 'haukeland']);
    expect(directoryWords('Sæther\u0000\tØdegård')).toEqual(['saether', 'odegard']);
  });

  it('keeps the words in the order typed, once each, at most six', () => {
    expect(directoryWords('kari hansen kari')).toEqual(['kari', 'hansen']);
    expect(directoryWords('a b c d e f g h')).toHaveLength(MAX_QUERY_WORDS);
  });

  it('reads the filters, paging and the patient', () => {
    expect(
      readDirectoryQuery({ q: 'Haukeland', kind: 'hospital-unit,person', serviceType: 'urn:bro:municipal-service-type|home-nursing', specialty: 'geriatri', district: 'Åsane', patient: 'Patient/p-1', page: '2', pageSize: '20' }),
    ).toEqual({
      words: ['haukeland'],
      kinds: [DirectoryEntryKind.HospitalUnit, DirectoryEntryKind.Person],
      types: ['urn:bro:municipal-service-type|home-nursing'],
      specialties: ['geriatri'],
      district: 'asane',
      patient: 'p-1',
      page: 2,
      pageSize: 20,
    });
    expect(readDirectoryQuery({ kind: 'gp-office' })).toEqual({ words: [], kinds: ['gp-office'], page: 1, pageSize: 10 });
  });

  it('refuses what it does not take, and a search that names nothing', () => {
    expect(refused({})).toContain('say what to look for');
    expect(refused({ q: ' ,.- ' })).toContain('no letters or digits');
    expect(refused({ q: '\u0000' })).toContain('no letters or digits');
    expect(refused({ q: 'a'.repeat(201) })).toContain('at most 200');
    expect(refused({ q: ['a', 'b'] })).toContain('once');
    expect(refused({ q: { x: 'a' } })).toContain('once');
    expect(refused({ q: 'a', kind: 'hospital' })).toContain('kind');
    expect(refused({ q: 'a', serviceType: 'a b' })).toContain('serviceType');
    expect(refused({ q: 'a', serviceType: 'a|b|c' })).toContain('serviceType');
    expect(refused({ q: 'a', serviceType: 'home\u0000nursing' })).toContain('serviceType');
    expect(refused({ q: 'a', specialty: '\u0000' })).toContain('specialty');
    expect(refused({ q: 'a', patient: '../x' })).toContain('Patient id');
    expect(refused({ q: 'a', district: '--' })).toContain('district');
    expect(refused({ q: 'a', pageSize: '51' })).toContain('pageSize');
    expect(refused({ q: 'a', page: '0' })).toContain('page');
    expect(refused({ q: 'a', sort: 'name' })).toContain('unknown parameter sort');
    expect(refused({ q: 'a', kind: Array.from({ length: 21 }, (_, i) => `k${i}`).join(',') })).toContain('at most 20');
  });
});
