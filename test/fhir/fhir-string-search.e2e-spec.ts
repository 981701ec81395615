import Client from 'fhir-kit-client';
import { DataSource } from 'typeorm';
import { Bundle, Resource } from '@app/fhir';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { StringSearch1765500000000 } from '../../apps/api/src/database/migrations/1765500000000-string-search';
import { extractSearchValues } from '../../apps/api/src/fhir/search/search-value.extractor';
import { failureOf } from '../support/fhir-error';
import { organization, patient, practitioner } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';

type Searchset = Bundle & { entry?: Array<{ resource?: Resource }> };

/** Everything this file makes carries this identifier system, so other files' Olsens never count here. */
const MINE = 'urn:bro:test:string-search';
const mine = (value: string) => ({ system: MINE, value });

describe('FHIR string search (name, family, given, address)', () => {
  let api: TestApi;
  let fhir: Client;
  const made: Record<string, Resource> = {};

  const search = async (resourceType: string, searchParams: Record<string, string | string[]>) =>
    (await fhir.search({ resourceType, searchParams: { identifier: `${MINE}|`, ...searchParams } } as never)) as unknown as Searchset;
  /** The names (keys of `made`) of what a search finds, sorted. */
  const found = async (resourceType: string, searchParams: Record<string, string | string[]>) => {
    const bundle = await search(resourceType, searchParams);
    const byId = new Map(Object.entries(made).map(([name, resource]) => [resource.id, name]));
    return (bundle.entry ?? []).map((entry) => byId.get(entry.resource?.id) ?? entry.resource?.id).sort();
  };
  const create = async (name: string, body: Resource & { identifier?: unknown[] }) => {
    made[name] = (await fhir.create({ resourceType: body.resourceType, body: { ...body, identifier: [...(body.identifier ?? []), mine(name)] } })) as Resource;
  };

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
    await create('soerensen', patient({
      name: [{ family: 'Sørensen', given: ['Øystein', 'Kåre'], prefix: ['Dr.'] }],
      address: [{ line: ['Strandkaien 12'], city: 'Ålesund', postalCode: '6002', country: 'NO' }],
    }));
    await create('olsen', patient({
      name: [{ family: 'Olsen', given: ['Ostein'] }],
      address: [{ line: ['Nygårdsgaten 5'], city: 'Bergen', postalCode: '5015' }],
    }));
    await create('olsson', patient({
      name: [{ text: 'Ingrid Bjørnsdóttir Olsson', family: 'Olsson', given: ['Ingrid'] }],
      address: [{ text: 'Bergen' }],
    }));
    await create('wildcards', patient({ name: [{ family: 'Tegnsen', given: ['Li_sa', 'Pro%sent', 'Back\\slash'] }] }));
    await create('plain', patient({ name: [{ family: 'Tegnsen', given: ['Lissa', 'Prosent', 'Backslash'] }] }));
  });
  afterAll(() => api.close());

  it('matches the start of any name part, ignoring case and accents (Ø as O, Å as A, ó as o)', async () => {
    expect(await found('Patient', { name: 'sorensen' })).toEqual(['soerensen']);
    expect(await found('Patient', { name: 'SØR' })).toEqual(['soerensen']);
    expect(await found('Patient', { family: 'Sorens' })).toEqual(['soerensen']);
    expect(await found('Patient', { given: 'oyst' })).toEqual(['soerensen']);
    expect(await found('Patient', { given: 'kare' })).toEqual(['soerensen']);
    expect(await found('Patient', { given: 'Østein' })).toEqual(['olsen']);
    expect(await found('Patient', { given: 'ø' })).toEqual(['olsen', 'soerensen']);
    expect(await found('Patient', { name: 'dr.' })).toEqual(['soerensen']);
    expect(await found('Patient', { name: 'ingrid bjornsdottir' })).toEqual(['olsson']);
  });

  it('matches from the start of a value only, unless :contains', async () => {
    expect(await found('Patient', { family: 'sen' })).toEqual([]);
    expect(await found('Patient', { given: 'stein' })).toEqual([]);
    expect(await found('Patient', { 'family:contains': 'sen' })).toEqual(['olsen', 'plain', 'soerensen', 'wildcards']);
    expect(await found('Patient', { 'name:contains': 'ols' })).toEqual(['olsen', 'olsson']);
    expect(await found('Patient', { 'name:contains': 'BJØRNSDOTTIR' })).toEqual(['olsson']);
    expect(await found('Patient', { 'given:contains': 'STEIN' })).toEqual(['olsen', 'soerensen']);
  });

  it('matches the whole value as written with :exact, case and accents included', async () => {
    expect(await found('Patient', { 'family:exact': 'Sørensen' })).toEqual(['soerensen']);
    expect(await found('Patient', { 'family:exact': 'sørensen' })).toEqual([]);
    expect(await found('Patient', { 'family:exact': 'Sorensen' })).toEqual([]);
    expect(await found('Patient', { 'family:exact': 'Søren' })).toEqual([]);
    expect(await found('Patient', { 'name:exact': 'Ingrid Bjørnsdóttir Olsson' })).toEqual(['olsson']);
    // Å written as A plus a combining ring is the same text as the one-letter Å.
    expect(await found('Patient', { 'address:exact': 'A\u030alesund' })).toEqual(['soerensen']);
  });

  it('searches every part of an address', async () => {
    expect(await found('Patient', { address: 'alesund' })).toEqual(['soerensen']);
    expect(await found('Patient', { address: 'Ålesund' })).toEqual(['soerensen']);
    expect(await found('Patient', { address: '6002' })).toEqual(['soerensen']);
    expect(await found('Patient', { address: 'strandkaien 1' })).toEqual(['soerensen']);
    expect(await found('Patient', { address: 'no' })).toEqual(['soerensen']);
    expect(await found('Patient', { address: 'bergen' })).toEqual(['olsen', 'olsson']);
    expect(await found('Patient', { 'address:contains': 'gardsgat' })).toEqual(['olsen']);
    expect(await found('Patient', { 'address:missing': 'true' })).toEqual(['plain', 'wildcards']);
    expect(await found('Patient', { 'address:missing': 'false' })).toEqual(['olsen', 'olsson', 'soerensen']);
  });

  it('ORs the values of one parameter and ANDs repeated parameters', async () => {
    expect(await found('Patient', { family: 'sor,olsen' })).toEqual(['olsen', 'soerensen']);
    expect(await found('Patient', { given: ['oy', 'ka'] })).toEqual(['soerensen']);
    expect(await found('Patient', { given: ['oy', 'ingrid'] })).toEqual([]);
    expect(await found('Patient', { name: 'olsen,olsson', address: 'bergen' })).toEqual(['olsen', 'olsson']);
  });

  it('takes %, _ and \\ in a value literally, never as LIKE wildcards', async () => {
    expect(await found('Patient', { given: 'li_' })).toEqual(['wildcards']);
    expect(await found('Patient', { given: 'pro%s' })).toEqual(['wildcards']);
    expect(await found('Patient', { given: 'back\\s' })).toEqual(['wildcards']);
    expect(await found('Patient', { 'given:contains': '_' })).toEqual(['wildcards']);
    expect(await found('Patient', { 'given:contains': '%' })).toEqual(['wildcards']);
    expect(await found('Patient', { given: '%' })).toEqual([]);
  });

  it('refuses NUL, values with nothing to search for and modifiers string search does not have (400)', async () => {
    const headers = { Authorization: `Bearer ${await api.token('ehr')}`, Accept: 'application/fhir+json' };
    // The same parameters, well formed, are answered: the refusals below are for the fault alone.
    expect(await found('Patient', { name: 'olsen', 'address:missing': 'false' })).toEqual(['olsen']);
    const nul = await fetch(`${api.baseUrl}/Patient?name=ol%00sen`, { headers });
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    for (const [key, value] of [
      ['name', ' '],
      ['name:not', 'olsen'],
      ['name:text', 'olsen'],
      ['family:below', 'ols'],
      ['address:missing', 'maybe'],
    ]) {
      const failure = await failureOf(search('Patient', { [key]: value }));
      expect({ key, status: failure.status, outcome: failure.data.resourceType }).toEqual({ key, status: 400, outcome: 'OperationOutcome' });
    }
  });

  it('searches Organization name and alias, Organization address, HealthcareService and Practitioner names', async () => {
    await create('office', organization('Fjellsiden legesenter', { alias: ['Bryggen Helsehus'], address: [{ city: 'Bergen', line: ['Øvregaten 2'] }] }));
    await create('service', { resourceType: 'HealthcareService', name: 'Lavterskel øyeblikkelig hjelp' });
    await create('doctor', { ...practitioner(), name: [{ family: 'Bråten', given: ['Siv Åse'] }] });

    expect(await found('Organization', { name: 'fjell' })).toEqual(['office']);
    expect(await found('Organization', { name: 'bryggen' })).toEqual(['office']);
    expect(await found('Organization', { 'name:contains': 'HELSE' })).toEqual(['office']);
    expect(await found('Organization', { 'name:exact': 'Bryggen Helsehus' })).toEqual(['office']);
    expect(await found('Organization', { name: 'legesenter' })).toEqual([]);
    expect(await found('Organization', { address: 'ovregat' })).toEqual(['office']);
    expect(await found('HealthcareService', { name: 'lavt' })).toEqual(['service']);
    expect(await found('HealthcareService', { 'name:contains': 'OYEBLIKKELIG' })).toEqual(['service']);
    expect(await found('HealthcareService', { 'name:exact': 'Lavterskel øyeblikkelig hjelp' })).toEqual(['service']);
    expect(await found('HealthcareService', { 'name:exact': 'lavterskel øyeblikkelig hjelp' })).toEqual([]);
    expect(await found('Practitioner', { name: 'braten' })).toEqual(['doctor']);
    expect(await found('Practitioner', { family: 'brå' })).toEqual(['doctor']);
    expect(await found('Practitioner', { given: 'siv a' })).toEqual(['doctor']);
    expect(await found('Practitioner', { given: 'braten' })).toEqual([]);
  });

  it('finds a PractitionerRole by its practitioner\'s name, through the chain', async () => {
    await create('doctorInRole', { ...practitioner(), name: [{ family: 'Kvåle', given: ['Idun'] }] });
    await create('role', { resourceType: 'PractitionerRole', practitioner: { reference: `Practitioner/${made.doctorInRole.id}` } });
    expect(await found('PractitionerRole', { 'practitioner.name': 'kvale' })).toEqual(['role']);
    expect(await found('PractitionerRole', { 'practitioner.family:exact': 'Kvåle' })).toEqual(['role']);
    expect(await found('PractitionerRole', { 'practitioner.name:contains': 'dun' })).toEqual(['role']);
    expect(await found('PractitionerRole', { 'practitioner.name': 'idunn' })).toEqual([]);
  });

  it('finds a changed name by its new value only', async () => {
    const changed = (await fhir.read({ resourceType: 'Patient', id: made.plain.id! })) as Resource;
    await fhir.update({ resourceType: 'Patient', id: changed.id!, body: { ...changed, name: [{ family: 'Tegnsen', given: ['Lise'] }] } });
    expect(await found('Patient', { given: 'liss' })).toEqual([]);
    expect(await found('Patient', { given: 'lise' })).toEqual(['plain']);
  });

  it('declares every string parameter as type string in the CapabilityStatement', async () => {
    const statement = (await (await fetch(`${api.baseUrl}/metadata`)).json()) as {
      rest: Array<{ resource: Array<{ type: string; searchParam?: Array<{ name: string; type: string }> }> }>;
    };
    const typeOf = (resourceType: string, name: string) =>
      statement.rest[0].resource.find((r) => r.type === resourceType)?.searchParam?.find((p) => p.name === name)?.type;
    for (const [resourceType, name] of [
      ['Patient', 'name'],
      ['Patient', 'family'],
      ['Patient', 'given'],
      ['Patient', 'address'],
      ['Practitioner', 'name'],
      ['Practitioner', 'family'],
      ['Practitioner', 'given'],
      ['Organization', 'name'],
      ['Organization', 'address'],
      ['HealthcareService', 'name'],
    ]) {
      expect({ resourceType, name, type: typeOf(resourceType, name) }).toEqual({ resourceType, name, type: 'string' });
    }
  });

  it('fills the string columns of rows stored before string search existed, as a write would (the migration)', async () => {
    const dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 1));
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    const migration = new StringSearch1765500000000();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await migration.up(runner);
      const ids = Object.values(made).map((r) => r.id);
      for (const table of ['fhir_patient', 'fhir_organization', 'fhir_healthcare_service', 'fhir_practitioner']) {
        const rows: Array<Record<string, unknown> & { resource: Resource }> = await runner.query(`SELECT * FROM "${table}" WHERE id = ANY($1::text[])`, [ids]);
        for (const row of rows) {
          const expected = extractSearchValues(row.resource, api.baseUrl).filter((v) => /^sp_(name|family|given|address)/.test(v.column));
          expect(expected.length).toBeGreaterThan(0);
          for (const { column, value } of expected) expect({ id: row.id, column, value: row[column] }).toEqual({ id: row.id, column, value });
        }
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      await dataSource.destroy();
    }
    expect(await found('Patient', { name: 'sorensen' })).toEqual(['soerensen']);
  });
});
