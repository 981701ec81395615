import { randomUUID } from 'node:crypto';
import Client from 'fhir-kit-client';
import { Resource, RoutingRule } from '@app/fhir';
import { RoutingRuleHistoryPage, RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { Database } from '../../apps/api/src/database/sql-client';
import { organization } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';
import { testDirectory } from '../support/test-directory';
import { DEFAULT_ROUTING_COMMENT, defaultRoutingRules, seedRoutingRules } from '../../tools/seed/routing-rules.seed';

jest.setTimeout(120_000);

const PATH = '/api/referrals/routing-rules';

interface ApiRefusal {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
}

/**
 * The routing rules through real HTTP as the admin page calls them: an administrator saves whole rule sets
 * as numbered versions, each checked (a catch-all last, known reasons, services and units in the directory,
 * no duplicate ids, no NUL, no huge or deeply nested input) and refused whole with every problem named;
 * a stale version answers 412; every version stays in the history; only `admin` writes.
 *
 * The rule set is shared ground for the run (rejections elsewhere are routed by it): this file puts back the
 * versions it found when it ends, so other files see what they would have seen without it.
 */
describe('/api/referrals/routing-rules', () => {
  let api: TestApi;
  let ehr: Client;
  let database: Database;
  let startVersion: number;
  /** Our own directory: a hospital unit, a service to route to and a service that no longer takes cases. */
  let unit: string;
  let service: string;
  let closedService: string;

  const get = () => callAs<RoutingRulesAnswer>(api, 'admin', 'GET', PATH);
  const save = <T = RoutingRulesAnswer>(body: unknown, user = 'admin', headers: Record<string, string> = {}) => callAs<T>(api, user, 'PUT', PATH, body, headers);
  const history = (query = '') => callAs<RoutingRuleHistoryPage>(api, 'admin', 'GET', `${PATH}/history${query}`);
  const stored = async () => (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM referral_routing_rule_set`)).rows[0].n;
  const catchAll = (id = 'alle'): RoutingRule => ({ id, routeTo: service });
  const sendRaw = async (body: string) =>
    fetch(`${api.origin}${PATH}`, { method: 'PUT', headers: { Authorization: `Bearer ${await api.token('admin')}`, 'Content-Type': 'application/json' }, body });

  async function create(resource: Resource): Promise<string> {
    const created = (await ehr.create({ resourceType: resource.resourceType, body: resource })) as Resource;
    return `${resource.resourceType}/${created.id}`;
  }

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    database = api.app.get(Database);
    startVersion = (await get()).body.version;
    unit = await create(organization('Psykiatrisk poliklinikk, testsjukehus'));
    const serviceOf = (name: string, active: boolean): Resource => ({
      resourceType: 'HealthcareService',
      identifier: [{ system: 'urn:bro:healthcare-service', value: `test-${randomUUID()}` }],
      active,
      providedBy: { reference: unit },
      name,
    });
    service = await create(serviceOf('Lavterskel psykisk helse (test)', true));
    closedService = await create(serviceOf('Nedlagt lavterskeltilbud (test)', false));
  });

  afterAll(async () => {
    // Only this file's versions go; what was stored before it stays as it was.
    await database.query(`DELETE FROM referral_routing_rule_set WHERE version > $1`, [startVersion]);
    await api.close();
  });

  it('says plainly when no rules are stored, and lets admin, the low-threshold service and the quality team read', async () => {
    for (const user of ['admin', 'lowthreshold', 'quality']) {
      const answer = await callAs<RoutingRulesAnswer>(api, user, 'GET', PATH);
      expect(answer.status).toBe(200);
      expect(answer.body.version).toBe(startVersion);
      if (startVersion === 0) {
        expect(answer.body).toEqual({ stored: false, version: 0, rules: [], message: expect.stringContaining('No routing rules are stored') });
      }
    }
    for (const user of ['gp', 'coordinator', 'privacy', 'ehr']) {
      expect((await callAs(api, user, 'GET', PATH)).status).toBe(403);
      expect((await callAs(api, user, 'GET', `${PATH}/history`)).status).toBe(403);
    }
  });

  it('saves a rule set as the next version, who saved it and why, and keeps every version in the history, newest first', async () => {
    const first = await save({
      version: startVersion,
      comment: 'Psykisk helse til eget team',
      rules: [
        { id: 'psykisk-helse', description: 'Avvist fra psykiatrisk poliklinikk', reasons: ['IKKE-PRIORITERT', 'PRIMAERHELSETJENESTE'], hospitalUnits: [unit], routeTo: service, triageWorkingDays: 3 },
        { id: 'alle', reasons: [], routeTo: service },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stored: true, version: startVersion + 1, changedBy: 'Anne Admin (admin)', comment: 'Psykisk helse til eget team' });
    // Stored as read back: empty lists left out.
    expect(first.body.rules).toEqual([
      { id: 'psykisk-helse', description: 'Avvist fra psykiatrisk poliklinikk', reasons: ['IKKE-PRIORITERT', 'PRIMAERHELSETJENESTE'], hospitalUnits: [unit], routeTo: service, triageWorkingDays: 3 },
      { id: 'alle', routeTo: service },
    ]);
    expect(Date.now() - Date.parse(first.body.changedAt!)).toBeLessThan(60_000);

    const read = await callAs<RoutingRulesAnswer>(api, 'lowthreshold', 'GET', PATH);
    expect(read.body).toEqual(first.body);

    const second = await save({ version: startVersion + 1, rules: [catchAll('alt-til-ett-sted')] }, 'admin', {});
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(startVersion + 2);
    expect(second.body.comment).toBeUndefined();
    // If-Match says the version as well as the body can.
    const third = await save({ rules: [catchAll('via-if-match')] }, 'admin', { 'If-Match': `W/"${startVersion + 2}"` });
    expect(third.status).toBe(200);
    expect(third.body.version).toBe(startVersion + 3);

    const newest = await history('?pageSize=2');
    expect(newest.status).toBe(200);
    expect(newest.body.total).toBe(startVersion + 3);
    expect(newest.body.versions.map((version) => version.version)).toEqual([startVersion + 3, startVersion + 2]);
    const older = await history('?pageSize=2&page=2');
    expect(older.body.versions[0]).toEqual({ version: startVersion + 1, rules: first.body.rules, changedAt: first.body.changedAt, changedBy: 'Anne Admin (admin)', comment: 'Psykisk helse til eget team' });
    expect((await callAs<RoutingRuleHistoryPage>(api, 'quality', 'GET', `${PATH}/history`)).body.versions[0].version).toBe(startVersion + 3);
    expect((await history('?pageSize=1000')).status).toBe(400);
    expect((await history('?sort=oldest')).status).toBe(400);
  });

  it('refuses a save made from a version that is no longer in force with 412 naming the current one, and a save that names none with 428', async () => {
    const { version } = (await get()).body;
    expect((await save({ version, rules: [catchAll('forst')] })).status).toBe(200);
    const before = await stored();

    const stale = await save<ApiRefusal>({ version, rules: [catchAll('for-sent')] });
    expect(stale.status).toBe(412);
    expect(stale.body.message).toContain(`at version ${version + 1}, not ${version}`);
    expect(stale.body.field).toBe('version');
    expect((await save<ApiRefusal>({ version: version + 5, rules: [catchAll('fra-fremtiden')] })).status).toBe(412);

    const unsaid = await save<ApiRefusal>({ rules: [catchAll('uten-versjon')] });
    expect(unsaid.status).toBe(428);
    expect((await save<ApiRefusal>({ version: -1, rules: [catchAll()] })).status).toBe(400);
    expect((await save<ApiRefusal>({ version: '1', rules: [catchAll()] })).status).toBe(400);
    expect(await stored()).toBe(before);
    expect((await get()).body.rules).toEqual([catchAll('forst')]);
  });

  it('refuses a rule set that would route some rejection nowhere, or anywhere unknown, naming every problem with its place', async () => {
    const { version, rules: inForce } = (await get()).body;
    const before = await stored();
    const refused = async (rules: unknown, status = 422) => {
      const answer = await save<ApiRefusal>({ version, rules });
      expect(answer.status).toBe(status);
      return answer.body;
    };

    const noCatchAll = await refused([{ id: 'bare-psykisk', reasons: ['IKKE-PRIORITERT'], routeTo: service }]);
    expect(noCatchAll.field).toBe('rules[0]');
    expect(noCatchAll.message).toContain('the last rule must match every rejection');
    expect((await refused([])).message).toContain('at least one rule');

    const unknownService = await refused([{ id: 'alle', routeTo: `HealthcareService/${randomUUID()}` }]);
    expect(unknownService.field).toBe('rules[0].routeTo');
    expect(unknownService.message).toContain('is no HealthcareService in the directory');
    expect((await refused([{ id: 'alle', routeTo: closedService }])).message).toContain('is not active');
    expect((await refused([{ id: 'alle', routeTo: unit }])).field).toBe('rules[0].routeTo');

    const unknownUnit = await refused([{ id: 'ukjent-enhet', hospitalUnits: [unit, `Organization/${randomUUID()}`], routeTo: service }, catchAll()]);
    expect(unknownUnit.field).toBe('rules[0].hospitalUnits[1]');

    const unknownReason = await refused([{ id: 'ukjent-grunn', reasons: ['IKKE-PRIORITERT', 'FORDI'], routeTo: service }, catchAll()]);
    expect(unknownReason.field).toBe('rules[0].reasons[1]');
    expect(unknownReason.message).toContain('unknown rejection reason');

    const duplicate = await refused([{ id: 'alle', reasons: ['ANNET'], routeTo: service }, catchAll('alle')]);
    expect(duplicate.field).toBe('rules[1].id');
    expect(duplicate.message).toContain('id alle is used twice');

    // Every problem at once, each with its place, so the page can show them beside their fields.
    const many = await refused([
      { id: 'to ord', reasons: 'ANNET', routeTo: service, triageWorkingDays: 0, colour: 'red' },
      { id: 'siste', hospitalUnits: ['Haukeland'], routeTo: 'HealthcareService/' },
    ]);
    for (const place of ['rules[0].colour', 'rules[0].id', 'rules[0].reasons', 'rules[0].triageWorkingDays', 'rules[1].hospitalUnits[0]', 'rules[1].routeTo', 'rules[1]:']) {
      expect(many.message).toContain(place);
    }

    expect((await refused({ id: 'alle', routeTo: service })).field).toBe('rules');
    expect((await refused(['alle'])).field).toBe('rules[0]');
    expect(await stored()).toBe(before);
    expect((await get()).body.rules).toEqual(inForce);
  });

  it('refuses NUL characters, huge and deeply nested input with 400, 413 or 422, never 500, storing nothing', async () => {
    const { version } = (await get()).body;
    const before = await stored();

    const nul = await save<ApiRefusal>({ version, rules: [{ ...catchAll(), description: 'psykisk\u0000helse' }] });
    expect(nul.status).toBe(400);
    expect(nul.body.message).toContain('NUL');
    expect((await save<ApiRefusal>({ version, rules: [catchAll('a\u0000b')] })).status).toBe(400);
    expect((await save<ApiRefusal>({ version, rules: [catchAll()], comment: 'ny\u0000regel' })).status).toBe(400);

    // Written as text: JSON.stringify itself cannot go 10,000 levels deep.
    const nested = `${'['.repeat(10_000)}"IKKE-PRIORITERT"${']'.repeat(10_000)}`;
    const deep = await sendRaw(`{"version":${version},"rules":[{"id":"dyp","routeTo":"${service}","reasons":${nested}},${JSON.stringify(catchAll())}]}`);
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as ApiRefusal).message).toContain('nested more than');

    const tooMany = Array.from({ length: 101 }, (_, index) => ({ id: `regel-${index}`, reasons: ['ANNET'], routeTo: service }));
    expect((await save<ApiRefusal>({ version, rules: [...tooMany, catchAll()] })).body.message).toContain('at most 100 rules');
    const longText = await save<ApiRefusal>({ version, rules: [{ ...catchAll(), description: 'x'.repeat(100_000) }] });
    expect([longText.status, longText.body.field]).toEqual([422, 'rules[0].description']);
    const longId = await save<ApiRefusal>({ version, rules: [catchAll('x'.repeat(10_000))] });
    expect([longId.status, longId.body.field]).toEqual([422, 'rules[0].id']);
    const manyUnits = await save<ApiRefusal>({ version, rules: [{ id: 'mange', hospitalUnits: Array.from({ length: 20_000 }, () => `Organization/${randomUUID()}`), routeTo: service }, catchAll()] });
    expect(manyUnits.status).toBe(422);
    expect(manyUnits.body.message).toContain('and 19951 more problems');
    expect((await save<ApiRefusal>({ version, rules: [catchAll()], comment: 'x'.repeat(501) })).status).toBe(400);

    const huge = await sendRaw(JSON.stringify({ version, rules: [{ ...catchAll(), description: 'x'.repeat(6 * 1024 * 1024) }] }));
    expect(huge.status).toBe(413);
    expect((await sendRaw('"just text"')).status).toBe(400);
    expect((await sendRaw('{"version":')).status).toBe(400);
    expect((await save<ApiRefusal>({ version, rules: [catchAll()], changedBy: 'someone else' })).status).toBe(400);
    expect(await stored()).toBe(before);
  });

  it("takes the seed's default rule set, and the seed, run again, leaves the stored rules as they are", async () => {
    const { version } = (await get()).body;
    const lowThreshold = testDirectory().lowThresholdService;
    const saved = await save({ version, rules: defaultRoutingRules(lowThreshold), comment: DEFAULT_ROUTING_COMMENT });
    expect(saved.status).toBe(200);
    expect(saved.body.rules).toEqual([{ id: 'alle', description: 'Alle avviste henvisninger', routeTo: lowThreshold }]);
    const seeded = await seedRoutingRules({ fhirBaseUrl: api.baseUrl, oidcIssuer: api.config.oidcIssuer, lowThresholdService: service });
    expect(seeded).toEqual({ created: false, version: version + 1 });
    expect((await get()).body.rules[0].routeTo).toBe(lowThreshold);
  });

  it('lets only admin write: every other role and a system client get 403 and nothing is stored', async () => {
    const { version } = (await get()).body;
    const before = await stored();
    for (const user of ['gp', 'gp2', 'coordinator', 'quality', 'privacy', 'lowthreshold', 'ehr']) {
      const refused = await save<ApiRefusal>({ version, rules: [catchAll(`fra-${user}`)] }, user);
      expect([user, refused.status]).toEqual([user, 403]);
    }
    const anonymous = await fetch(`${api.origin}${PATH}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ version, rules: [catchAll()] }) });
    expect(anonymous.status).toBe(401);
    expect(await stored()).toBe(before);
    expect((await get()).body.version).toBe(version);
  });
});
