import { randomUUID } from 'node:crypto';
import { GP_OFFICE_CAPABILITY_EXTENSION, IdentifierSystem, Resource, generateOrganisasjonsnummer, officeCapabilityOf } from '@app/fhir';
import { BoardSnapshot } from '@app/fhir/board/board-metrics';
import { MultidoseCoverageFigures } from '@app/fhir/multidose/multidose-board-panel';
import { CapabilityImportReport, OfficeCapabilityHistory, OfficeCapabilityPage, OfficeCapabilityRow } from '@app/fhir/multidose/office-capability-answers';
import { osloDate, addDays } from '../../apps/api/src/common/calendar/oslo-calendar';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';

jest.setTimeout(120_000);

const OFFICES = '/api/multidose/offices';

interface ApiRefusal {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
}

/** The first day of the month `back` months before today's (Oslo), as YYYY-MM-DD. */
function monthStart(today: string, back: number): string {
  const [year, month] = today.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1 - back, 1)).toISOString().slice(0, 10);
}

/**
 * GP offices' e-multidose capability through real HTTP, as the admin page and a registry would send it:
 * an administrator's change is a new version of the office's Organization (its FHIR history says so), a
 * stale version answers 412, only `admin` (and system clients over FHIR) write, the write rule refuses
 * impossible dates on every path, a CSV loads its good rows and reports its bad ones by line, and the board
 * and quality figures count offices and GPs from known data (this file's own offices, as deltas over
 * whatever else the shared test directory holds).
 */
describe('GP office capability', () => {
  let api: TestApi;
  const today = () => osloDate(new Date());
  const tag = randomUUID().slice(0, 8);

  const fhir = <T = Resource>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callAs<T>(api, 'ehr', method, `/fhir/R4/${path}`, body, headers);

  /** A GP office of our own, with an orgnr and HER id no other office has, and `gps` GPs (PractitionerRoles with the GP code). */
  async function office(name: string, gps = 0, extra: Partial<Resource> = {}): Promise<{ id: string; orgnr: string; herId: string }> {
    const orgnr = generateOrganisasjonsnummer();
    const herId = String(Math.floor(100_000_000 + Math.random() * 800_000_000));
    const created = await fhir<Resource>('POST', 'Organization', {
      resourceType: 'Organization',
      identifier: [
        { system: IdentifierSystem.Organisasjonsnummer, value: orgnr },
        { system: IdentifierSystem.Her, value: herId },
      ],
      active: true,
      type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] }],
      name: `${name} ${tag}`,
      ...extra,
    });
    expect(created.status).toBe(201);
    const id = created.body.id!;
    for (let n = 0; n < gps; n++) {
      const person = await fhir<Resource>('POST', 'Practitioner', {
        resourceType: 'Practitioner',
        identifier: [{ system: IdentifierSystem.Hpr, value: String(100_000_000 + Math.floor(Math.random() * 800_000_000)) }],
        name: [{ family: 'Lege', given: ['Multidose'] }],
      });
      const role = await fhir('POST', 'PractitionerRole', {
        resourceType: 'PractitionerRole',
        identifier: [{ system: 'urn:bro:practitioner-role', value: `${randomUUID()}@${orgnr}` }],
        active: true,
        practitioner: { reference: `Practitioner/${person.body.id}` },
        organization: { reference: `Organization/${id}` },
        code: [{ coding: [{ system: 'urn:bro:practitioner-role', code: 'gp' }] }],
      });
      expect(role.status).toBe(201);
    }
    return { id, orgnr, herId };
  }

  const listed = async (id: string) => {
    const page = await callAs<OfficeCapabilityPage>(api, 'admin', 'GET', `${OFFICES}?q=${encodeURIComponent(tag)}&pageSize=200`);
    expect(page.status).toBe(200);
    return page.body.offices.find((row) => row.office === `Organization/${id}`)!;
  };
  const change = (id: string, body: unknown, user = 'admin', headers: Record<string, string> = {}) =>
    callAs<OfficeCapabilityRow & ApiRefusal>(api, user, 'PUT', `${OFFICES}/${id}/capability`, body, headers);
  const importCsv = async (csv: string, user = 'admin', type = 'text/csv') => {
    const response = await fetch(`${api.origin}${OFFICES}/import`, { method: 'POST', headers: { Authorization: `Bearer ${await api.token(user)}`, 'Content-Type': type }, body: csv });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as CapabilityImportReport & ApiRefusal };
  };
  const versionOf = async (id: string) => Number((await fhir<Resource>('GET', `Organization/${id}`)).body.meta?.versionId);

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('lets an administrator set an office\'s capability as a new version of its Organization, with the history to show for it', async () => {
    const { id } = await office('Kapabilitet legesenter', 2);
    const before = await listed(id);
    expect(before).toMatchObject({ name: `Kapabilitet legesenter ${tag}`, gps: 2, active: true, capability: {}, version: 1 });

    const pll = addDays(today(), -200);
    const first = await change(id, { version: 1, pllInUseSince: pll, epjSystem: ' Infodoc ' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, capability: { pllInUseSince: pll, epjSystem: 'Infodoc' } });

    const emd = addDays(today(), -30);
    const second = await change(id, { pllInUseSince: pll, eMultidoseConnectedSince: emd, epjSystem: 'Infodoc' }, 'admin', { 'If-Match': 'W/"2"' });
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(3);
    // Saying what the office already has writes nothing.
    const same = await change(id, { version: 3, pllInUseSince: pll, eMultidoseConnectedSince: emd, epjSystem: 'Infodoc' });
    expect(same.body.version).toBe(3);

    // The extension on the Organization, as any FHIR client reads it.
    const stored = (await fhir<Resource>('GET', `Organization/${id}`)).body;
    expect(stored.extension).toEqual([
      {
        url: GP_OFFICE_CAPABILITY_EXTENSION,
        extension: [
          { url: 'pll-in-use-since', valueDate: pll },
          { url: 'e-multidose-connected-since', valueDate: emd },
          { url: 'epj-system', valueString: 'Infodoc' },
        ],
      },
    ]);

    // The history is the Organization's FHIR history: the same versions by _history and vread.
    const history = await callAs<OfficeCapabilityHistory>(api, 'admin', 'GET', `${OFFICES}/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.versions.map((v) => [v.version, v.method, v.capability, v.capabilityChanged])).toEqual([
      [3, 'update', { pllInUseSince: pll, eMultidoseConnectedSince: emd, epjSystem: 'Infodoc' }, true],
      [2, 'update', { pllInUseSince: pll, epjSystem: 'Infodoc' }, true],
      [1, 'create', {}, false],
    ]);
    const fhirHistory = await fhir<{ entry: Array<{ resource: Resource }> }>('GET', `Organization/${id}/_history`);
    expect(fhirHistory.body.entry.map((entry) => [entry.resource.meta?.versionId, officeCapabilityOf(entry.resource) ?? {}])).toEqual(
      history.body.versions.map((v) => [String(v.version), v.capability]),
    );
    const version2 = await fhir<Resource>('GET', `Organization/${id}/_history/2`);
    expect(officeCapabilityOf(version2.body)).toEqual({ pllInUseSince: pll, epjSystem: 'Infodoc' });

    // Clearing: null or absent takes the field away; with nothing left, the extension goes.
    const cleared = await change(id, { version: 3, pllInUseSince: null, eMultidoseConnectedSince: null, epjSystem: '' });
    expect(cleared.body).toMatchObject({ version: 4, capability: {} });
    expect((await fhir<Resource>('GET', `Organization/${id}`)).body.extension).toBeUndefined();
  });

  it('answers 412 for a stale version and 428 without one, writing nothing', async () => {
    const { id } = await office('Utdatert legesenter');
    expect((await change(id, { version: 1, epjSystem: 'CGM Allmenn' })).status).toBe(200);
    const stale = await change(id, { version: 1, epjSystem: 'System X' });
    expect(stale.status).toBe(412);
    expect(stale.body.message).toContain('version 2, not 1');
    expect((await change(id, { epjSystem: 'System X' })).status).toBe(428);
    expect((await change(id, { version: 2, epjSystem: 'System X' }, 'admin', { 'If-Match': 'W/"1"' })).status).toBe(400);
    expect(await versionOf(id)).toBe(2);
    expect((await listed(id)).capability).toEqual({ epjSystem: 'CGM Allmenn' });
  });

  it('lets only admin change or import; the others get 403 and nothing is written', async () => {
    const { id, orgnr } = await office('Forbudt legesenter');
    for (const user of ['gp', 'coordinator', 'quality', 'privacy', 'lowthreshold', 'ehr']) {
      expect((await change(id, { version: 1, epjSystem: 'Infodoc' }, user)).status).toBe(403);
      expect((await importCsv(`orgnr;epj\n${orgnr};Infodoc\n`, user)).status).toBe(403);
      expect((await callAs(api, user, 'GET', OFFICES)).status).toBe(403);
      expect((await callAs(api, user, 'GET', `${OFFICES}/${id}/history`)).status).toBe(403);
    }
    // A GP may not write the Organization over FHIR either (the role table), whatever it carries.
    const asGp = await callAs(api, 'gp', 'PUT', `/fhir/R4/Organization/${id}`, { ...(await fhir<Resource>('GET', `Organization/${id}`)).body, extension: [] });
    expect(asGp.status).toBe(403);
    expect(await versionOf(id)).toBe(1);
  });

  it('refuses impossible capability on every path, naming the field', async () => {
    const { id } = await office('Datoregel legesenter');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ pllInUseSince: '2025-02-30' }, 'pllInUseSince', 'real calendar day'],
      [{ pllInUseSince: '01.03.2024' }, 'pllInUseSince', 'YYYY-MM-DD'],
      [{ pllInUseSince: addDays(today(), 2) }, 'pllInUseSince', 'in the future'],
      [{ pllInUseSince: '1999-12-31' }, 'pllInUseSince', 'before 2010-01-01'],
      [{ eMultidoseConnectedSince: addDays(today(), -5) }, 'eMultidoseConnectedSince', 'give PLL in use since as well'],
      [{ pllInUseSince: addDays(today(), -5), eMultidoseConnectedSince: addDays(today(), -6) }, 'eMultidoseConnectedSince', 'cannot start first'],
      [{ epjSystem: 'x'.repeat(101) }, 'epjSystem', 'longer than 100'],
      [{ epjSystem: 'Info\tdoc' }, 'epjSystem', 'control characters'],
    ];
    for (const [body, field, message] of cases) {
      const refused = await change(id, { version: 1, ...body });
      expect([refused.status, refused.body.field]).toEqual([422, field]);
      expect(refused.body.message).toContain(message);
    }
    const nul = await change(id, { version: 1, epjSystem: 'Info\u0000doc' });
    expect(nul.status).toBe(400);
    expect((await change(id, { version: 1, colour: 'blue' })).status).toBe(400);
    expect((await change('no-such-office', { version: 1, epjSystem: 'Infodoc' })).status).toBe(404);

    // A system client writing the Organization over FHIR meets the same rule.
    const current = (await fhir<Resource>('GET', `Organization/${id}`)).body;
    const future = await fhir<{ issue: Array<{ diagnostics: string }> }>('PUT', `Organization/${id}`, {
      ...current,
      extension: [{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'pll-in-use-since', valueDate: addDays(today(), 1) }] }],
    });
    expect(future.status).toBe(422);
    expect(future.body.issue[0].diagnostics).toContain('in the future');
    const unknownPart = await fhir<{ issue: Array<{ diagnostics: string }> }>('PUT', `Organization/${id}`, {
      ...current,
      extension: [{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'pll-since', valueDate: addDays(today(), -1) }] }],
    });
    expect(unknownPart.status).toBe(422);
    expect(unknownPart.body.issue[0].diagnostics).toContain('unknown part "pll-since"');
    // …and a hospital unit cannot carry it at all.
    const unit = await fhir<Resource>('POST', 'Organization', {
      resourceType: 'Organization',
      identifier: [{ system: 'urn:bro:test:organization', value: randomUUID() }],
      type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'hospital-unit' }] }],
      name: `Avdeling ${tag}`,
      extension: [{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'epj-system', valueString: 'DIPS' }] }],
    });
    expect(unit.status).toBe(422);
    expect(await versionOf(id)).toBe(1);

    // A registry's system client may set a good capability over FHIR: a version like any other.
    const good = await fhir<Resource>('PUT', `Organization/${id}`, {
      ...current,
      extension: [{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'pll-in-use-since', valueDate: addDays(today(), -1) }] }],
    }, { 'If-Match': 'W/"1"' });
    expect(good.status).toBe(200);
    expect((await listed(id)).capability).toEqual({ pllInUseSince: addDays(today(), -1) });
  });

  it('imports a CSV row by row: good rows stored, bad rows reported by line and column, none stopping the others', async () => {
    const a = await office('Import A legesenter');
    const b = await office('Import B legesenter');
    const c = await office('Import C legesenter');
    const d = await office('Import D legesenter');
    const e = await office('Import E legesenter');
    await change(c.id, { version: 1, pllInUseSince: addDays(today(), -100), epjSystem: 'Infodoc' });
    const pll = addDays(today(), -60);
    const emd = addDays(today(), -20);
    const csv = [
      'orgnr;her_id;pll_since;emultidose_since;epj',
      `${a.orgnr};;${pll};${emd};CGM Allmenn`, // 2: good, by orgnr
      `;${b.herId};${pll};;"System X; versjon 2"`, // 3: good, by HER id, quoted separator
      `${generateOrganisasjonsnummer()};;${pll};;Infodoc`, // 4: no such office
      `${c.orgnr};;${addDays(today(), -100)};2025-02-30;Infodoc`, // 5: impossible date
      '',
      `${a.orgnr};;${pll};;`, // 7: the same office again
      '123456789;;2024-01-01;;', // 8: bad check digit
      `${d.orgnr};;${addDays(today(), 10)};;`, // 9: future
      `${b.orgnr};${a.herId};${pll};;`, // 10: two offices
      `${e.orgnr};;;${emd};`, // 11: e-multidose without PLL
      `${c.orgnr};;${addDays(today(), -100)};;Infodoc;extra`, // 12: too many fields
    ].join('\r\n');
    const report = await importCsv(csv);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ rows: 10, updated: 2, unchanged: 0, failed: 8 });
    expect(report.body.errors.map((error) => [error.row, error.field])).toEqual([
      [4, 'orgnr'],
      [5, 'emultidose_since'],
      [7, 'orgnr'],
      [8, 'orgnr'],
      [9, 'pll_since'],
      [10, 'orgnr'],
      [11, 'emultidose_since'],
      [12, 'row'],
    ]);
    const byRow = new Map(report.body.errors.map((error) => [error.row, error]));
    expect(byRow.get(4)?.message).toContain('no organisation in the directory');
    expect(byRow.get(5)?.message).toContain('real calendar day');
    expect(byRow.get(7)?.message).toContain('line 2');
    expect(byRow.get(8)?.message).toContain('check digit');
    expect(byRow.get(9)?.message).toContain('in the future');
    expect(byRow.get(10)?.message).toContain('different organisations');
    expect(byRow.get(12)?.field).toBe('row');

    expect((await listed(a.id)).capability).toEqual({ pllInUseSince: pll, eMultidoseConnectedSince: emd, epjSystem: 'CGM Allmenn' });
    expect((await listed(b.id)).capability).toEqual({ pllInUseSince: pll, epjSystem: 'System X; versjon 2' });
    // Offices named only by bad rows are as they were.
    expect(await versionOf(c.id)).toBe(2);
    expect(await versionOf(d.id)).toBe(1);
    expect(await versionOf(e.id)).toBe(1);
    // Each good row its own write: one new version each, in the Organization's history.
    expect(await versionOf(a.id)).toBe(2);

    // The same file again changes nothing that is already so.
    const again = await importCsv(`orgnr;pll_since;emultidose_since;epj\n${a.orgnr};${pll};${emd};CGM Allmenn\n`);
    expect(again.body).toMatchObject({ rows: 1, updated: 0, unchanged: 1, failed: 0, errors: [] });
    // JSON { csv } works the same; a column left out keeps what the office has.
    const json = await callAs<CapabilityImportReport>(api, 'admin', 'POST', `${OFFICES}/import`, { csv: `her_id,epj\n${a.herId},Infodoc\n` });
    expect(json.body).toMatchObject({ rows: 1, updated: 1, failed: 0 });
    expect((await listed(a.id)).capability).toEqual({ pllInUseSince: pll, eMultidoseConnectedSince: emd, epjSystem: 'Infodoc' });
  });

  it('refuses unreadable files whole and clearly: NUL, huge, no header, unknown columns, the wrong type', async () => {
    const a = await office('Fil legesenter');
    const refusals: Array<[Promise<{ status: number; body: ApiRefusal }>, number, string]> = [
      [importCsv(`orgnr;epj\n${a.orgnr};Info\u0000doc\n`), 400, 'NUL'],
      [importCsv(`orgnr;epj\n${`${a.orgnr};Infodoc\n`.repeat(70_000)}`), 413, 'larger than 1024 kB'],
      [importCsv(`orgnr;epj\n${`${a.orgnr};Infodoc\n`.repeat(5001)}`), 413, 'at most 5000'],
      [importCsv(''), 400, 'empty'],
      [importCsv(`orgnr;colour\n${a.orgnr};blue\n`), 400, 'unknown column "colour"'],
      [importCsv(`pll_since\n2024-01-01\n`), 400, 'neither orgnr nor her_id'],
      [importCsv(`orgnr;epj\n${a.orgnr};Infodoc\n`, 'admin', 'text/html'), 415, 'text/csv'],
      [importCsv(`orgnr;epj\n"${a.orgnr};Infodoc\n`), 400, 'never closed'],
    ];
    for (const [answer, status, message] of refusals) {
      const { status: got, body } = await answer;
      expect([got, body.message]).toEqual([status, expect.stringContaining(message)]);
    }
    expect(await versionOf(a.id)).toBe(1);
  });

  it('counts coverage on the board and the quality dashboard from known offices and GPs, with the monthly trend', async () => {
    const figures = async () => {
      const answer = await callAs<MultidoseCoverageFigures>(api, 'quality', 'GET', '/api/quality/multidose-coverage');
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const base = await figures();
    expect(base.coverage.area).toBe('municipality');
    expect(base.coverage.monthlyTrend).toHaveLength(12);
    expect(base.coverage.monthlyTrend[11]).toMatchObject({ month: today().slice(0, 7), asOf: today() });

    const connected = await office('Tilkoblet legesenter', 3);
    const pllOnly = await office('PLL legesenter', 2);
    await office('Ukoblet legesenter', 1);
    await office('Nedlagt legesenter', 4, { active: false });
    const emdFrom = monthStart(today(), 3);
    const pllFrom = monthStart(today(), 6);
    expect((await change(connected.id, { version: 1, pllInUseSince: pllFrom, eMultidoseConnectedSince: emdFrom, epjSystem: `EPJ ${tag}` })).status).toBe(200);
    expect((await change(pllOnly.id, { version: 1, pllInUseSince: addDays(today(), -1), epjSystem: `EPJ ${tag}` })).status).toBe(200);

    const after = await figures();
    const delta = (get: (f: MultidoseCoverageFigures) => { count: number; of: number }) => ({ count: get(after).count - get(base).count, of: get(after).of - get(base).of });
    // Three active offices more (the closed one is not counted), six GPs at them.
    expect(delta((f) => f.coverage.offices.eMultidose)).toEqual({ count: 1, of: 3 });
    expect(delta((f) => f.coverage.offices.pll)).toEqual({ count: 2, of: 3 });
    expect(delta((f) => f.coverage.gps.eMultidose)).toEqual({ count: 3, of: 6 });
    expect(delta((f) => f.coverage.gps.pll)).toEqual({ count: 5, of: 6 });
    // The trend: connected from three months back, using PLL from six; every month counts today's offices.
    after.coverage.monthlyTrend.forEach((month, index) => {
      const before = base.coverage.monthlyTrend[index];
      expect(month.month).toBe(before.month);
      expect(month.officesEMultidose.count - before.officesEMultidose.count).toBe(month.month >= emdFrom.slice(0, 7) ? 1 : 0);
      expect(month.gpsEMultidose.count - before.gpsEMultidose.count).toBe(month.month >= emdFrom.slice(0, 7) ? 3 : 0);
      // The PLL-only office started yesterday: only this month (or last, on the first of a month).
      const pllOffices = (month.month >= pllFrom.slice(0, 7) ? 1 : 0) + (month.asOf >= addDays(today(), -1) ? 1 : 0);
      expect(month.officesPll.count - before.officesPll.count).toBe(pllOffices);
      expect(month.officesEMultidose.of - before.officesEMultidose.of).toBe(3);
    });
    expect(after.byEpjSystem.find((row) => row.epjSystem === `EPJ ${tag}`)).toEqual({ epjSystem: `EPJ ${tag}`, offices: 2, eMultidose: 1, pll: 2 });

    // One office's own board and figures: exactly its numbers.
    const board = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(`office:Organization/${connected.id}`)}`);
    expect(board.status).toBe(200);
    expect(board.body.panels.multidose?.coverage).toMatchObject({
      area: 'office',
      offices: { eMultidose: { count: 1, of: 1, share: 1 }, pll: { count: 1, of: 1, share: 1 } },
      gps: { eMultidose: { count: 3, of: 3, share: 1 }, pll: { count: 3, of: 3, share: 1 } },
    });
    const own = await callAs<MultidoseCoverageFigures>(api, 'admin', 'GET', `/api/quality/multidose-coverage?scope=${encodeURIComponent(`office:Organization/${pllOnly.id}`)}`);
    expect(own.body.coverage.offices).toEqual({ eMultidose: { count: 0, of: 1, share: 0 }, pll: { count: 1, of: 1, share: 1 } });
    expect(own.body.byEpjSystem).toEqual([{ epjSystem: `EPJ ${tag}`, offices: 1, eMultidose: 0, pll: 1 }]);
    // The municipality's board carries the same figures, without "<5" (offices and GPs are not patients). Its
    // numbers are not compared: once any file in the run has viewed it, it is served from the stored snapshot,
    // which the worker (not running here) refreshes.
    const municipality = await callAs<BoardSnapshot>(api, 'quality', 'GET', '/api/board?scope=municipality');
    expect(municipality.body.panels.multidose?.coverage.offices.eMultidose).toEqual({ count: expect.any(Number), of: expect.any(Number), share: expect.any(Number) });

    for (const user of ['gp', 'coordinator', 'ehr']) expect((await callAs(api, user, 'GET', '/api/quality/multidose-coverage')).status).toBe(403);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/multidose-coverage?scope=office:nope')).status).toBe(400);
    expect((await callAs(api, 'quality', 'GET', '/api/quality/multidose-coverage?weeks=3')).status).toBe(400);
  });
});
