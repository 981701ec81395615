import { randomInt, randomUUID } from 'node:crypto';
import { Bundle, HER_CONNECTION_TYPE, MESSAGE_TYPE_SYSTEM, MessageType, ORGANIZATION_TYPE_DISPLAY, ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode, Resource } from '@app/fhir';
import { DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { Client } from 'pg';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

function runTag(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return `Xq${Array.from({ length: 6 }, () => letters[randomInt(letters.length)]).join('')}`;
}

const HER = 'urn:oid:2.16.578.1.12.4.1.2';

/**
 * `Endpoint` as a stored type, and the directory's projection on every path that writes: the registry's
 * transaction Bundle, a conditional update, a JSON Patch, a batch with a bad entry, a rolled-back
 * transaction; who may read, search, include and write addresses, and whose history they may read.
 */
describe('directory addresses (Endpoint) and the projection on every path', () => {
  let api: TestApi;
  const tag = runTag();
  const her = String(8_000_000 + randomInt(999_999));
  const officeKey = randomUUID();

  const fhir = <T = Resource>(user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callAs<T>(api, user, method, `/fhir/R4/${path}`, body, headers);
  const search = async (q: string) => (await callAs<DirectorySearchPage>(api, 'gp', 'GET', `/api/directory/search?q=${encodeURIComponent(q)}`)).body;
  const office = (name: string, extra: Partial<Resource> = {}): Resource => ({
    resourceType: 'Organization',
    identifier: [{ system: 'urn:bro:test:directory', value: officeKey }],
    active: true,
    type: [{ coding: [{ system: ORGANIZATION_TYPE_SYSTEM, code: OrganizationTypeCode.GpOffice, display: ORGANIZATION_TYPE_DISPLAY[OrganizationTypeCode.GpOffice] }] }],
    name,
    ...extra,
  });
  const endpoint = (herId: string, types: MessageType[]): Resource => ({
    resourceType: 'Endpoint',
    identifier: [{ system: HER, value: herId }],
    status: 'active',
    connectionType: HER_CONNECTION_TYPE,
    payloadType: types.map((code) => ({ coding: [{ system: MESSAGE_TYPE_SYSTEM, code }] })),
    address: `her:${herId}`,
  });

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('takes an office and its address in one transaction from the registry client, and the search shows them at once', async () => {
    const endpointUrl = `urn:uuid:${randomUUID()}`;
    const written = await fhir<Bundle>('registry', 'POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: endpointUrl, resource: endpoint(her, [MessageType.Referral, MessageType.Dialog]), request: { method: 'POST', url: 'Endpoint' } },
        { resource: office(`Fjellsiden ${tag} legekontor`, { endpoint: [{ reference: endpointUrl }] }), request: { method: 'POST', url: 'Organization' } },
      ],
    });
    expect(written.status).toBe(200);
    const found = await search(`fjellsiden ${tag}`);
    expect(found.entries).toEqual([
      expect.objectContaining({ name: `Fjellsiden ${tag} legekontor`, kind: 'gp-office', addresses: [expect.objectContaining({ herId: her, messageTypes: [{ code: 'HENVISNING' }, { code: 'DIALOG_FORESPORSEL' }] })] }),
    ]);
  });

  it('follows a conditional update and a JSON Patch, and a batch takes its good entry only', async () => {
    const criteria = `Organization?identifier=urn:bro:test:directory|${officeKey}`;
    const current = (await fhir<Bundle>('registry', 'GET', criteria)).body.entry![0].resource!;
    expect((await fhir('registry', 'PUT', criteria, { ...office(`Fjellveien ${tag} legekontor`), endpoint: current.endpoint })).status).toBe(200);
    expect((await search(`fjellveien ${tag}`)).entries.map((e) => e.name)).toEqual([`Fjellveien ${tag} legekontor`]);
    expect((await search(`fjellsiden ${tag}`)).entries).toEqual([]);

    const patched = await fhir('admin', 'PATCH', `Organization/${current.id}`, [{ op: 'replace', path: '/name', value: `Fløyen ${tag} legekontor` }], {
      'Content-Type': 'application/json-patch+json',
    });
    expect(patched.status).toBe(200);
    expect((await search(`floyen ${tag}`)).entries.map((e) => e.reference)).toEqual([`Organization/${current.id}`]);

    const batch = await fhir<Bundle>('registry', 'POST', '', {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: office(`Skansen ${tag} legesenter`, { identifier: [{ system: 'urn:bro:test:directory', value: randomUUID() }] }), request: { method: 'POST', url: 'Organization' } },
        { resource: { ...office(`Ulriken ${tag} legesenter`), colour: 'blue' }, request: { method: 'POST', url: 'Organization' } },
      ],
    });
    expect(batch.body.entry!.map((e) => e.response!.status.slice(0, 3))).toEqual(['201', '400']);
    expect((await search(`skansen ${tag}`)).entries).toHaveLength(1);
    expect((await search(`ulriken ${tag}`)).entries).toHaveLength(0);
  });

  it('leaves nothing of a transaction that fails', async () => {
    const failed = await fhir<Bundle>('registry', 'POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: office(`Sandviken ${tag} legesenter`, { identifier: [{ system: 'urn:bro:test:directory', value: randomUUID() }] }), request: { method: 'POST', url: 'Organization' } },
        { resource: { ...endpoint('8000001', [MessageType.Dialog]), status: 'open' }, request: { method: 'POST', url: 'Endpoint' } },
      ],
    });
    // An Endpoint status outside its value set: the whole transaction is refused.
    expect(failed.status).toBe(422);
    expect((await search(`sandviken ${tag}`)).entries).toEqual([]);
  });

  it('takes many people added at a unit while it is renamed, none refused, every card with the new name', async () => {
    const unitRef = await (async () => {
      const created = await fhir<Resource>('registry', 'POST', 'Organization', office(`Bryggen ${tag} legekontor`, { identifier: [{ system: 'urn:bro:test:directory', value: randomUUID() }] }));
      return `Organization/${created.body.id}`;
    })();
    const unit = (await fhir<Resource>('registry', 'GET', unitRef)).body;
    const addPerson = async (n: number) => {
      const practitioner = await fhir<Resource>('registry', 'POST', 'Practitioner', { resourceType: 'Practitioner', identifier: [{ system: 'urn:bro:test:directory', value: randomUUID() }], name: [{ given: [`Lege${n}`, tag], family: 'Samtidig' }] });
      const role = await fhir<Resource>('registry', 'POST', 'PractitionerRole', { resourceType: 'PractitionerRole', active: true, practitioner: { reference: `Practitioner/${practitioner.body.id}` }, organization: { reference: unitRef } });
      return role.status;
    };
    const [renamed, ...added] = await Promise.all([
      fhir('registry', 'PUT', unitRef, { ...unit, name: `Bryggen ${tag} legesenter` }),
      ...Array.from({ length: 8 }, (_, n) => addPerson(n)),
    ]);
    expect([renamed.status, ...added]).toEqual([200, ...Array(8).fill(201)]);
    const people = await search(`samtidig ${tag}`);
    expect(people.entries).toHaveLength(8);
    expect([...new Set(people.entries.map((e) => e.organization?.display))]).toEqual([`Bryggen ${tag} legesenter`]);
  });

  it('re-derives a person after their unit’s rename commits, when both commit at once', async () => {
    // Two transactions as the store runs them, step by step: the unit renamed (its row locked, its refresh not seeing
    // the person yet), a person added at it whose refresh comes in between. The person's card must show the new name.
    const created = await fhir<Resource>('registry', 'POST', 'Organization', office(`Nygård ${tag} legekontor`, { identifier: [{ system: 'urn:bro:test:directory', value: randomUUID() }] }));
    const practitioner = await fhir<Resource>('registry', 'POST', 'Practitioner', { resourceType: 'Practitioner', name: [{ given: ['Vera', tag], family: 'Mellomrom' }] });
    const unitId = created.body.id!;
    const roleId = `race-${randomUUID()}`;
    const rename = new Client({ connectionString: process.env.DATABASE_URL });
    const add = new Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([rename.connect(), add.connect()]);
    try {
      await rename.query('BEGIN');
      await rename.query(`UPDATE fhir_organization SET resource = jsonb_set(resource, '{name}', to_jsonb($2::text)) WHERE id = $1`, [unitId, `Nygård ${tag} legesenter`]);
      await add.query('BEGIN');
      await add.query(
        `INSERT INTO fhir_practitioner_role (id, version_id, last_updated, resource, sp_practitioner, sp_organization) VALUES ($1, 1, now(), $2::jsonb, $3, $4)`,
        [roleId, JSON.stringify({ resourceType: 'PractitionerRole', id: roleId, active: true }), `Practitioner/${practitioner.body.id}`, `Organization/${unitId}`],
      );
      const addPid = (await add.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      let refreshedFirst = false;
      const addRefreshed = add.query('SELECT refresh_directory_entries($1::text[])', [[`PractitionerRole/${roleId}`]]).then(() => (refreshedFirst = true));
      // The person's refresh either waits for the rename's lock (as it must) or, wrongly, runs through on the old name.
      await waitFor(
        async () => refreshedFirst || (await rename.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [addPid])).rowCount === 1,
        'the person’s refresh to wait for the rename or finish',
      );
      await rename.query('SELECT refresh_directory_entries($1::text[])', [[`Organization/${unitId}`]]);
      await rename.query('COMMIT');
      await addRefreshed;
      await add.query('COMMIT');
      const { rows } = await add.query(`SELECT organization_name FROM directory_entry WHERE ref = $1`, [`PractitionerRole/${roleId}`]);
      expect(rows).toEqual([{ organization_name: `Nygård ${tag} legesenter` }]);
    } finally {
      await add.query('ROLLBACK').catch(() => undefined);
      await add.query('DELETE FROM fhir_practitioner_role WHERE id = $1', [roleId]);
      await add.query('SELECT refresh_directory_entries($1::text[])', [[`PractitionerRole/${roleId}`]]);
      await Promise.all([rename.end(), add.end()]);
    }
  });

  it('lets every clinician read, search and include addresses, and only admin and scoped system clients write them', async () => {
    const [stored] = (await fhir<Bundle>('gp', 'GET', `Endpoint?identifier=${HER}|${her}`)).body.entry!.map((e) => e.resource!);
    expect(stored).toMatchObject({ resourceType: 'Endpoint', address: `her:${her}` });
    for (const user of ['gp', 'coordinator', 'quality', 'lowthreshold', 'privacy', 'admin', 'registry']) {
      expect([user, (await fhir(user, 'GET', `Endpoint/${stored.id}`)).status]).toEqual([user, 200]);
    }
    const byType = await fhir<Bundle>('coordinator', 'GET', `Endpoint?payload-type=${MESSAGE_TYPE_SYSTEM}|HENVISNING&connection-type=${HER_CONNECTION_TYPE.system}|her-message&status=active&identifier=${HER}|${her}`);
    expect(byType.body.total).toBe(1);
    const withAddress = await fhir<Bundle>('gp', 'GET', `Organization?endpoint=Endpoint/${stored.id}&_include=Organization:endpoint`);
    expect(withAddress.body.entry!.map((e) => e.resource!.resourceType).sort()).toEqual(['Endpoint', 'Organization']);

    for (const user of ['gp', 'coordinator', 'quality']) {
      expect([user, (await fhir(user, 'POST', 'Endpoint', endpoint('8000002', [MessageType.Dialog]))).status]).toEqual([user, 403]);
      expect([user, (await fhir(user, 'PUT', `Endpoint/${stored.id}`, { ...stored, status: 'off' })).status]).toEqual([user, 403]);
      expect([user, (await fhir(user, 'GET', `Endpoint/${stored.id}/_history`)).status]).toEqual([user, 403]);
    }
    // A client without the scope neither reads nor writes them.
    expect((await fhir('reporting', 'GET', `Endpoint/${stored.id}`)).status).toBe(403);
    expect((await fhir('apotek', 'POST', 'Endpoint', endpoint('8000003', [MessageType.Dialog]))).status).toBe(403);
    expect((await fhir('registry', 'GET', `Endpoint/${stored.id}/_history`)).status).toBe(200);
    // Still as it was.
    expect((await fhir<Resource>('gp', 'GET', `Endpoint/${stored.id}`)).body.status).toBe('active');
  });

  it('publishes the codes an address and a service are typed by, so the registry can validate against them', async () => {
    const messageTypes = (await fhir<Resource>('registry', 'GET', 'CodeSystem/message-type')).body;
    expect(messageTypes).toMatchObject({ url: MESSAGE_TYPE_SYSTEM, status: 'active' });
    expect((messageTypes.concept as Array<{ code: string }>).map((c) => c.code).sort()).toEqual(Object.values(MessageType).sort());
    const services = (await fhir<Resource>('gp', 'GET', `CodeSystem?url=${encodeURIComponent('urn:bro:municipal-service-type')}`)).body as unknown as Bundle;
    expect(services.entry?.map((e) => e.resource?.id)).toEqual(['municipal-service-type']);
    expect((await fhir<Resource>('gp', 'GET', 'CodeSystem/endpoint-connection-type')).body).toMatchObject({ url: HER_CONNECTION_TYPE.system, concept: [{ code: 'her-message' }] });
  });
});
