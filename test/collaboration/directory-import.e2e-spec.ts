import { randomUUID } from 'node:crypto';
import { Bundle, IdentifierSystem, Resource, generateOrganisasjonsnummer } from '@app/fhir';
import type { DirectorySearchPage } from '@app/fhir/api/directory-answers';
import type { DirectoryImportReport, DirectoryImportStatus } from '@app/fhir/api/directory-import-answers';
import { addDays, osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { callAs } from '../support/transfers';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

interface ApiRefusal {
  statusCode: number;
  message: string;
  field?: string;
}

const digits = (length: number) => String(10 ** (length - 1) + Math.floor(Math.random() * 9 * 10 ** (length - 1)));

/**
 * The registry CSV import through real HTTP, as an administrator or the registry's system client sends it: the
 * file is accepted as a job (202 and a status URL telling the rows done and, at the end, the per-row report),
 * which the worker runs. A file with good and bad rows writes the good ones (new entries as FHIR resources with
 * their history, HER addresses as Endpoints) and reports the bad ones by line and column; the same file again
 * writes nothing (no new version); one changed cell changes one entry; everyone else is refused before anything
 * is written or queued.
 */
describe('directory import', () => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  const tag = randomUUID().slice(0, 8);
  const hospital = { orgnr: generateOrganisasjonsnummer(), her: digits(9) };
  const unit = { resh: digits(7), her: digits(9) };
  const kommune = { orgnr: generateOrganisasjonsnummer() };
  const service = { id: `hjemmesykepleie-${tag}`, her: digits(9) };
  const doctor = digits(8);
  const nurse = digits(8);
  const tomorrow = () => addDays(osloDate(new Date()), 1);
  const dayAfter = () => addDays(osloDate(new Date()), 2);

  const file = (overrides: { unitPhone?: string } = {}) =>
    [
      'kind;orgnr;resh_id;her_id;service_id;hpr;parent_orgnr;parent_resh_id;parent_service_id;name;given_name;family_name;type;specialty;district;address;postal_code;city;phone;message_types;opening_hours;valid_from;valid_to;active',
      // Children before their parents: the import writes parents first.
      `organization;;${unit.resh};${unit.her};;;${hospital.orgnr};;;Geriatrisk seksjon ${tag};;;hospital-unit;;;;;;${overrides.unitPhone ?? '55 97 60 00'};DIALOG_FORESPORSEL|EPIKRISE;man-fre 08:00-15:30;;;ja`,
      `organization;${hospital.orgnr};;${hospital.her};;;;;;Testsjukehus ${tag};;;hospital;;Årstad;Jonas Lies vei 65;5021;Bergen;55 97 50 00;DIALOG_FORESPORSEL|HENVISNING;døgnåpent;;;`,
      `organization;${kommune.orgnr};;;;;;;;Testkommune ${tag};;;municipality;;Bergenhus;Rådhusgaten 10;5014;Bergen;;;;;;`,
      `service;;;${service.her};${service.id};;${kommune.orgnr};;;Hjemmesykepleien Åsane ${tag};;;home-nursing;;Åsane;;;;55 56 00 00;PLO|DIALOG_FORESPORSEL;døgnåpent;;;`,
      `person;;;;;${doctor};;${unit.resh};;;Åse Marie;Øvrebø ${tag};gp-questions-on-duty;geriatri;;;;;55 97 60 01;;;${tomorrow()}T08:00:00+01:00;${tomorrow()}T16:00:00+01:00;`,
      `person;;;;;${nurse};;;${service.id};;Per;Hansen ${tag};nurse;;;;;;;;;;;`,
      // The same doctor's next duty: a role of its own, beside the first (they share the Practitioner).
      `person;;;;;${doctor};;${unit.resh};;;Åse Marie;Øvrebø ${tag};gp-questions-on-duty;geriatri;;;;;55 97 60 01;;;${dayAfter()}T08:00:00+01:00;${dayAfter()}T16:00:00+01:00;`,
      // Bad rows: each refused alone, by line and column.
      `organization;910000038;;;;;;;;Feil kontrollsiffer;;;gp-office;;;;;;;;;;;`,
      `organization;${generateOrganisasjonsnummer()};;${digits(9)};;;;;;Uten meldingstyper ${tag};;;gp-office;;;;;;;;;;;`,
      `service;;;;ukjent-${tag};;${generateOrganisasjonsnummer()};;;Uten tilbyder ${tag};;;home-nursing;;;;;;;;;;;`,
      `person;;;;;${digits(8)};;;;;Ola;Nordmann;gp;;;;;;;;;;;`,
      `organization;${generateOrganisasjonsnummer()};;;;;;;;Rar tid ${tag};;;gp-office;;;;;;;;man-fre 16-08;;;`,
    ].join('\n');

  const send = async (csv: string, user = 'admin', type = 'text/csv') => {
    const response = await fetch(`${api.origin}/api/directory/import`, { method: 'POST', headers: { Authorization: `Bearer ${await api.token(user)}`, 'Content-Type': type }, body: csv });
    const text = await response.text();
    return { status: response.status, location: response.headers.get('location'), body: (text ? JSON.parse(text) : undefined) as DirectoryImportStatus & ApiRefusal };
  };
  const statusOf = async (url: string, user = 'admin') => {
    const response = await fetch(`${api.origin}${url}`, { headers: { Authorization: `Bearer ${await api.token(user)}` } });
    return { status: response.status, body: (await response.json()) as DirectoryImportStatus & ApiRefusal };
  };
  /** Until the import has ended, every status seen on the way (what a registry polling its status URL sees). */
  const followed = async (url: string, user = 'admin'): Promise<DirectoryImportStatus[]> => {
    const seen: DirectoryImportStatus[] = [];
    await waitFor(async () => {
      const answer = await statusOf(url, user);
      expect(answer.status).toBe(200);
      seen.push(answer.body);
      return answer.body.state === 'done' || answer.body.state === 'failed';
    }, `the import at ${url} to end`, 60_000);
    return seen;
  };
  /** What the registry does: sends the file and follows its status URL to the report; a refused file is its answer. */
  const importCsv = async (csv: string, user = 'admin', type = 'text/csv') => {
    const sent = await send(csv, user, type);
    if (sent.status !== 202) return { status: sent.status, body: sent.body as unknown as DirectoryImportReport & ApiRefusal };
    const last = (await followed(sent.body.statusUrl, user)).at(-1)!;
    expect(last.state).toBe('done');
    return { status: sent.status, body: last.report! as DirectoryImportReport & ApiRefusal };
  };
  const fhir = <T = Bundle>(path: string) => callAs<T>(api, 'ehr', 'GET', `/fhir/R4/${path}`);
  const one = async (type: string, system: string, value: string): Promise<Resource | undefined> => {
    const found = await fhir(`${type}?identifier=${encodeURIComponent(`${system}|${value}`)}`);
    expect(found.status).toBe(200);
    return found.body.entry?.[0]?.resource;
  };
  const versions = async (resource: Resource) => (await fhir(`${resource.resourceType}/${resource.id}/_history`)).body.entry?.length;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('writes the good rows as FHIR resources with their history and reports each bad row by line and column', async () => {
    const answer = await importCsv(file());
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ rows: 12, created: 7, updated: 0, unchanged: 0, failed: 5 });
    expect(answer.body.byKind).toEqual({
      organization: { created: 3, updated: 0, unchanged: 0 },
      service: { created: 1, updated: 0, unchanged: 0 },
      person: { created: 3, updated: 0, unchanged: 0 },
    });
    expect(answer.body.errors.map((error) => [error.row, error.field])).toEqual([
      [9, 'orgnr'],
      [10, 'message_types'],
      [11, 'parent_orgnr'],
      [12, 'parent_orgnr'],
      [13, 'opening_hours'],
    ]);

    const hospitalOrg = (await one('Organization', IdentifierSystem.Organisasjonsnummer, hospital.orgnr))!;
    const unitOrg = (await one('Organization', IdentifierSystem.Resh, unit.resh))!;
    expect(unitOrg).toMatchObject({
      name: `Geriatrisk seksjon ${tag}`,
      active: true,
      partOf: { reference: `Organization/${hospitalOrg.id}` },
      telecom: [{ system: 'phone', value: '55 97 60 00', use: 'work' }],
      type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'hospital-unit' }] }],
    });
    expect(hospitalOrg).toMatchObject({ address: [{ line: ['Jonas Lies vei 65'], postalCode: '5021', city: 'Bergen', district: 'Årstad' }] });
    const unitAddress = (await one('Endpoint', IdentifierSystem.Her, unit.her))!;
    expect(unitOrg.endpoint).toEqual([{ reference: `Endpoint/${unitAddress.id}` }]);
    expect(unitAddress).toMatchObject({
      status: 'active',
      address: `her:${unit.her}`,
      managingOrganization: { reference: `Organization/${unitOrg.id}` },
      payloadType: [{ coding: [{ code: 'DIALOG_FORESPORSEL' }] }, { coding: [{ code: 'EPIKRISE' }] }],
    });
    const serviceEntry = (await one('HealthcareService', 'urn:bro:healthcare-service', service.id))!;
    expect(serviceEntry).toMatchObject({ coverageArea: [{ display: 'Åsane' }], availableTime: [{ allDay: true }], type: [{ coding: [{ code: 'home-nursing' }] }] });
    const duty = (await fhir(`PractitionerRole?organization=Organization/${unitOrg.id}`)).body.entry!.map((entry) => entry.resource!);
    expect(duty).toHaveLength(2);
    duty.sort((a, b) => String((a.period as { start: string }).start).localeCompare(String((b.period as { start: string }).start)));
    expect(duty[1].practitioner).toEqual(duty[0].practitioner);
    expect(duty[0]).toMatchObject({
      code: [{ coding: [{ code: 'gp-questions-on-duty' }] }],
      specialty: [{ coding: [{ system: 'urn:bro:specialty', code: 'geriatri' }] }],
      period: { start: `${tomorrow()}T08:00:00+01:00`, end: `${tomorrow()}T16:00:00+01:00` },
    });
    const nurseRole = (await fhir(`PractitionerRole?identifier=${encodeURIComponent(`urn:bro:practitioner-role|${nurse}@service:${service.id}`)}`)).body.entry![0].resource!;
    expect(nurseRole).toMatchObject({ healthcareService: [{ reference: `HealthcareService/${serviceEntry.id}` }], organization: serviceEntry.providedBy });
    const person = (await one('Practitioner', IdentifierSystem.Hpr, doctor))!;
    expect(person.name).toEqual([{ use: 'official', family: `Øvrebø ${tag}`, given: ['Åse', 'Marie'] }]);
    // The search finds what was imported at once (the projection is kept in each row's transaction).
    const found = await callAs<DirectorySearchPage>(api, 'gp', 'GET', `/api/directory/search?q=${encodeURIComponent(`geriatrisk seksjon ${tag}`)}`);
    expect(found.body.entries[0]).toMatchObject({
      reference: `Organization/${unitOrg.id}`,
      kind: 'hospital-unit',
      district: 'Årstad',
      phone: '55 97 60 00',
      addresses: [expect.objectContaining({ herId: unit.her, messageTypes: [expect.objectContaining({ code: 'DIALOG_FORESPORSEL' }), expect.objectContaining({ code: 'EPIKRISE' })] })],
    });
    // Nothing of the refused rows was written.
    expect(await one('Organization', IdentifierSystem.Organisasjonsnummer, '910000038')).toBeUndefined();
    // Written through FHIR: each has its version 1 in the history.
    for (const resource of [hospitalOrg, unitOrg, unitAddress, serviceEntry, duty[0], person]) expect(await versions(resource)).toBe(1);
  });

  it('writes nothing when the same file comes again, and one new version for one changed cell', async () => {
    const again = await importCsv(file());
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 7, failed: 5 });
    const unitOrg = (await one('Organization', IdentifierSystem.Resh, unit.resh))!;
    expect(unitOrg.meta?.versionId).toBe('1');

    const changed = await importCsv(file({ unitPhone: '55 97 60 99' }));
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 6 });
    const after = (await one('Organization', IdentifierSystem.Resh, unit.resh))!;
    expect(after.meta?.versionId).toBe('2');
    expect(after.telecom).toEqual([{ system: 'phone', value: '55 97 60 99', use: 'work' }]);
    expect(await versions(after)).toBe(2);
    const hospitalOrg = (await one('Organization', IdentifierSystem.Organisasjonsnummer, hospital.orgnr))!;
    expect(hospitalOrg.meta?.versionId).toBe('1');
  });

  it('leaves what a file does not say as it is, and closes an entry the registry says is gone', async () => {
    const closed = await importCsv(`kind;her_id;service_id;active\nservice;${service.her};${service.id};nei\n`, 'registry');
    expect(closed.status).toBe(202);
    expect(closed.body).toMatchObject({ updated: 1, failed: 0 });
    const serviceEntry = (await one('HealthcareService', 'urn:bro:healthcare-service', service.id))!;
    expect(serviceEntry).toMatchObject({ active: false, name: `Hjemmesykepleien Åsane ${tag}`, coverageArea: [{ display: 'Åsane' }] });
    expect((await one('Endpoint', IdentifierSystem.Her, service.her))!.status).toBe('off');
  });

  it('refuses a row that would take another entry\'s HER address, leaving both as they were', async () => {
    const serviceId = `kaprer-${tag}`;
    const taking = await importCsv(`kind;service_id;her_id;parent_orgnr;name;type;message_types\nservice;${serviceId};${unit.her};${kommune.orgnr};Kaprer ${tag};home-nursing;DIALOG_FORESPORSEL\n`);
    expect(taking.body).toMatchObject({ created: 0, failed: 1, errors: [{ row: 2, field: 'her_id', message: expect.stringContaining('belongs to one entry') }] });
    expect(await one('HealthcareService', 'urn:bro:healthcare-service', serviceId)).toBeUndefined();
    // Found by its HER id, the hospital is not renumbered by a row with another organisation's orgnr.
    const mixed = await importCsv(`kind;orgnr;her_id;name\norganization;${generateOrganisasjonsnummer()};${hospital.her};Blanding ${tag}\n`);
    expect(mixed.body).toMatchObject({ failed: 1, errors: [{ row: 2, field: 'orgnr', message: expect.stringContaining('mixes two entries') }] });
    expect((await one('Organization', IdentifierSystem.Her, hospital.her))!.name).toBe(`Testsjukehus ${tag}`);
    const unitOrg = (await one('Organization', IdentifierSystem.Resh, unit.resh))!;
    expect((await one('Endpoint', IdentifierSystem.Her, unit.her))!.managingOrganization).toEqual({ reference: `Organization/${unitOrg.id}` });
    const person = await importCsv(`kind;hpr;parent_service_id;name;type;her_id\nperson;${digits(8)};${service.id};Ida Kaprer;nurse;${unit.her}\n`);
    expect(person.body).toMatchObject({ failed: 1, errors: [{ field: 'her_id' }] });
  });

  it('lets only administrators and the registry (create and update on every directory type) import, refusing the rest before writing', async () => {
    const orgnr = generateOrganisasjonsnummer();
    const csv = `kind;orgnr;name;type\norganization;${orgnr};Forsøk ${tag};gp-office\n`;
    for (const user of ['gp', 'coordinator', 'quality', 'privacy', 'lowthreshold', 'reporting', 'kommune', 'apotek']) {
      const refused = await importCsv(csv, user);
      expect([user, refused.status]).toEqual([user, 403]);
    }
    expect(await one('Organization', IdentifierSystem.Organisasjonsnummer, orgnr)).toBeUndefined();
    const anonymous = await fetch(`${api.origin}/api/directory/import`, { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
    expect(anonymous.status).toBe(401);
    const registry = await importCsv(csv, 'registry');
    expect(registry.body).toMatchObject({ created: 1, failed: 0 });
    // The registry's client keeps the directory and nothing else: no patient data, no deleting (it closes entries).
    for (const path of ['Patient?_count=1', 'Task?_count=1', 'Encounter?_count=1', 'AuditEvent?_count=1']) {
      expect([path, (await callAs(api, 'registry', 'GET', `/fhir/R4/${path}`)).status]).toEqual([path, 403]);
    }
    const created = (await one('Organization', IdentifierSystem.Organisasjonsnummer, orgnr))!;
    expect((await callAs(api, 'registry', 'DELETE', `/fhir/R4/Organization/${created.id}`)).status).toBe(403);
  });

  it('accepts a file as a job whose status URL tells the rows done and, at the end, the per-row report; the same file again changes nothing', async () => {
    // Enough rows that the worker is seen part way: 300 hospital units, two of them bad. Their RESH ids are this
    // run's own (11 digits from the clock), so none is an entry of the seed or of another test already.
    const size = 300;
    const base = String(Date.now()).slice(-7);
    const units = Array.from({ length: size }, (_, i) => ({ resh: `${base}${String(i).padStart(4, '0')}`, name: `Framdrift ${tag} seksjon ${i}` }));
    const csv = [
      'kind;resh_id;name;type;district;phone',
      ...units.map((unit, i) =>
        i === 100 ? `organization;${unit.resh};${unit.name};hospital-unit;Årstad;ikke et nummer` : i === 200 ? `organization;${unit.resh};${unit.name};tannlege;Årstad;` : `organization;${unit.resh};${unit.name};hospital-unit;Årstad;55 97 ${String(i).padStart(4, '0')}`,
      ),
    ].join('\n');
    const sent = await send(csv);
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ state: 'queued', progress: { done: 0, total: size }, statusUrl: `/api/directory/import/${sent.body.id}` });
    expect(sent.location).toBe(sent.body.statusUrl);
    const seen = await followed(sent.body.statusUrl);
    // Part way: running, some rows done of the 300; never fewer than before; then done with the report.
    expect(seen.some((status) => status.state === 'running' && status.progress.done > 0 && status.progress.done < size)).toBe(true);
    const done = seen.map((status) => status.progress.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(seen.every((status) => status.progress.total === size)).toBe(true);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ state: 'done', progress: { done: size, total: size }, report: { rows: size, created: size - 2, updated: 0, unchanged: 0, failed: 2 } });
    expect(last.report!.errors.map((error) => [error.row, error.field])).toEqual([
      [102, 'phone'],
      [202, 'type'],
    ]);
    expect(Date.parse(last.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(last.startedAt!));
    expect(await one('Organization', IdentifierSystem.Resh, units[size - 1].resh)).toMatchObject({ name: units[size - 1].name });
    expect(await one('Organization', IdentifierSystem.Resh, units[100].resh)).toBeUndefined();

    // The same file again: every good row found as it says, no new version, the same two refused.
    const again = await importCsv(csv);
    expect(again.body).toMatchObject({ rows: size, created: 0, updated: 0, unchanged: size - 2, failed: 2 });
    expect((await one('Organization', IdentifierSystem.Resh, units[0].resh))!.meta?.versionId).toBe('1');

    // The status is the sender's (and administrators'): another importer gets 404 as for an id never given out.
    expect((await statusOf(sent.body.statusUrl, 'registry')).status).toBe(404);
    expect((await statusOf(`/api/directory/import/${randomUUID()}`)).status).toBe(404);
    expect((await statusOf('/api/directory/import/..%2Fnot-an-id')).status).toBe(404);
    expect((await statusOf(sent.body.statusUrl, 'gp')).status).toBe(403);
    const registrySent = await send(`kind;orgnr;name;type\norganization;${generateOrganisasjonsnummer()};Registerets ${tag};gp-office\n`, 'registry');
    expect(registrySent.status).toBe(202);
    expect((await followed(registrySent.body.statusUrl, 'registry')).at(-1)).toMatchObject({ state: 'done', report: { created: 1 } });
    expect((await statusOf(registrySent.body.statusUrl, 'admin')).body).toMatchObject({ state: 'done', report: { created: 1 } });
  });

  it('refuses a file it cannot read as a whole, writing nothing', async () => {
    expect((await importCsv('orgnr;name\n910000012;X')).status).toBe(400);
    expect((await importCsv(`kind;name\norganization;a\u0000b`)).status).toBe(400);
    expect((await importCsv(JSON.stringify({ file: 'x' }), 'admin', 'application/json')).status).toBe(400);
    expect((await importCsv('kind;name', 'admin', 'application/xml')).status).toBe(415);
    const huge = `kind;name\n${'organization;x\n'.repeat(300_000)}`;
    expect((await importCsv(huge)).status).toBe(413);
    const asJson = await importCsv(JSON.stringify({ csv: `kind;orgnr;name;type\norganization;910000038;X;gp-office` }), 'admin', 'application/json');
    expect(asJson.body).toMatchObject({ rows: 1, failed: 1, errors: [{ row: 2, field: 'orgnr' }] });
  });
});
