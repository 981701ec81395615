import { Pool } from 'pg';
import { Bundle, Resource } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { ApiAnswer, callAs, storedTaskConversation } from '../support/transfers';
import { handOver, newHospitalUnit } from '../browser/browser-handovers';

type Searchset = Bundle & { total?: number };

/**
 * The web app's patient-data paths (hand-overs and their search, a task's history with its questions, the
 * coordinator's questions, the answer) tried as an attacker would: another GP, another unit's coordinator, the
 * quality team, system clients with narrow scopes, FHIR's own doors to the same Communications (search,
 * includes, history, conditional create, bundles), replays, and input no user would type. Each asserts the
 * refusal, that nothing leaked, and that nothing was written.
 */
describe("the web app's patient-data paths under attack", () => {
  let api: TestApi;
  let pool: Pool;
  /** The demo GP's accepted task from the demo unit, with the GP's open question to the unit. */
  let task: { id: string; version: number };
  let questionId: string;
  let patientId: string;
  let fodselsnummer: string;
  let patientName: string;
  let handoverId: string;
  /** A hand-over from another unit (to gp2): not the demo coordinator's. */
  let otherHandover: { fodselsnummer: string; patientName: string; taskId: string };

  const leaks = (answer: ApiAnswer<unknown>, ...secrets: string[]) => secrets.filter((secret) => JSON.stringify(answer.body ?? '').includes(secret));
  /** The ids of the resources an answer holds: a searchset's or a batch response's entries, nested bundles too (not its links, which echo the query). */
  const resourcesIn = (body: unknown): string[] => {
    const resource = body as (Resource & { entry?: Array<{ resource?: Resource }> }) | undefined;
    if (!resource || typeof resource !== 'object') return [];
    if (resource.resourceType !== 'Bundle') return resource.resourceType === 'OperationOutcome' ? [] : [`${resource.resourceType}/${resource.id}`];
    return (resource.entry ?? []).flatMap((entry) => resourcesIn(entry.resource));
  };

  /** What is stored about the task: its version and status, and the Communications based on it. */
  const stored = () => storedTaskConversation(pool, task.id);

  beforeAll(async () => {
    api = await startTestApi();
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const sent = await handOver(api, { categories: ['RESEPT-NY'] });
    ({ fodselsnummer, patientName } = sent);
    patientId = String((sent.tasks[0].for as { reference: string }).reference).replace('Patient/', '');
    const accepted = await callAs<{ task: { id: string; version: number } }>(api, 'gp', 'POST', `/api/tasks/${sent.tasks[0].id}/accept`, {
      version: Number(sent.tasks[0].meta!.versionId),
    });
    expect(accepted.status).toBe(200);
    const asked = await callAs<{ task: { id: string; version: number }; communication: { id: string } }>(api, 'gp', 'POST', `/api/tasks/${sent.tasks[0].id}/request-information`, {
      version: accepted.body.task.version,
      question: 'Skal Marevan fortsette etter utskrivning?',
    });
    expect(asked.status).toBe(200);
    task = asked.body.task;
    questionId = asked.body.communication.id;
    const listed = await callAs<{ handovers: Array<{ id: string }> }>(api, 'coordinator', 'GET', `/api/handovers?q=${fodselsnummer}`);
    handoverId = listed.body.handovers[0].id;

    const otherUnit = await newHospitalUnit(api, 'Angrepsprøven, annen avdeling (test)');
    const other = await handOver(api, { gp: 'gp2', requester: otherUnit });
    otherHandover = { fodselsnummer: other.fodselsnummer, patientName: other.patientName, taskId: String(other.tasks[0].id) };
  });
  afterAll(async () => {
    await pool?.end();
    await api?.close();
  });

  describe('system clients get from the web app’s routes only what their scopes would give them over FHIR', () => {
    const routes = () => [
      `/api/handovers`,
      `/api/handovers?q=${fodselsnummer}`,
      `/api/handovers/${handoverId}`,
      `/api/handovers/tasks`,
      `/api/handovers/tasks?owner=none`,
      `/api/tasks/${task.id}`,
    ];

    it.each([
      ['a task reader without Patient', 'ehr[system/Task.rs]'],
      ['a patient reader without Task', 'ehr[system/Patient.rs]'],
      ['the directory feed', 'registry'],
      ['a pharmacy', 'apotek'],
    ])('refuses %s, naming no patient', async (_who, client) => {
      for (const path of routes()) {
        const answer = await callAs(api, client, 'GET', path);
        // A task the client may not read is one it cannot know of (404), as over FHIR; the rest refuse the client outright.
        expect({ path, refused: path.startsWith('/api/tasks/') ? [403, 404].includes(answer.status) : answer.status === 403 }).toEqual({ path, refused: true });
        expect(leaks(answer, patientName, fodselsnummer, patientId)).toEqual([]);
      }
    });

    it('refuses the task with its questions to a client that may not read Communications, and shows it to one that may', async () => {
      const withoutCommunications = await callAs(api, 'ehr[system/Task.rs system/Patient.rs]', 'GET', `/api/tasks/${task.id}`);
      expect(withoutCommunications.status).toBe(403);
      expect(leaks(withoutCommunications, 'Marevan')).toEqual([]);
      const full = await callAs<{ conversation: Array<{ text: string }> }>(api, 'ehr', 'GET', `/api/tasks/${task.id}`);
      expect(full.status).toBe(200);
      expect(full.body.conversation.map((entry) => entry.text)).toEqual(['Skal Marevan fortsette etter utskrivning?']);
      expect((await callAs(api, 'ehr', 'GET', `/api/handovers?q=${fodselsnummer}`)).status).toBe(200);
    });

    it('looks a fødselsnummer up only for a client that may search every patient', async () => {
      for (const client of ['ehr[system/Patient.r system/Task.cruds]', 'apotek', 'registry', 'reporting']) {
        const answer = await callAs(api, client, 'POST', '/api/handovers/recipient', { personNumber: fodselsnummer });
        expect({ client, status: answer.status }).toEqual({ client, status: 403 });
        expect(leaks(answer, patientName, patientId)).toEqual([]);
      }
    });
  });

  describe("hand-overs: the unit's own, by exact number or name start only", () => {
    it("finds no other unit's hand-over by number or name, and opens none by id", async () => {
      const byNumber = await callAs<{ total: number }>(api, 'coordinator', 'GET', `/api/handovers?q=${otherHandover.fodselsnummer}`);
      const byName = await callAs<{ total: number }>(api, 'coordinator', 'GET', `/api/handovers?q=${encodeURIComponent(otherHandover.patientName)}`);
      expect([byNumber.body.total, byName.body.total]).toEqual([0, 0]);
      const ids = await pool.query<{ id: string }>('SELECT id FROM discharge_handover WHERE task_ids @> ARRAY[$1]::text[]', [otherHandover.taskId]);
      const opened = await callAs(api, 'coordinator', 'GET', `/api/handovers/${ids.rows[0].id}`);
      expect(opened.status).toBe(404);
      expect(leaks(opened, otherHandover.patientName)).toEqual([]);
      for (const user of ['gp', 'gp2', 'quality', 'lowthreshold', 'privacy']) {
        expect({ user, status: (await callAs(api, user, 'GET', `/api/handovers/${handoverId}`)).status }).toEqual({ user, status: 403 });
      }
    });

    it('treats LIKE wildcards as letters, and refuses what is not a name or a number with 400', async () => {
      for (const q of ['%%', '__', '%a%', '\\%', 'a_%_%']) {
        const answer = await callAs<{ total: number }>(api, 'coordinator', 'GET', `/api/handovers?q=${encodeURIComponent(q)}`);
        expect(answer.status === 400 || answer.body.total === 0).toBe(true);
      }
      const refused = [
        ['a NUL', `Kari%00Nordmann`],
        ['a number of 12 digits', '123456789012'],
        ['five words', 'a b c d e'],
        ['a page of text', 'Nordmann'.repeat(500)],
      ];
      for (const [what, q] of refused) {
        const answer = await callAs<{ resourceType?: string }>(api, 'coordinator', 'GET', `/api/handovers?q=${q}`);
        expect({ what, status: answer.status }).toEqual({ what, status: 400 });
      }
      expect((await callAs(api, 'coordinator', 'GET', `/api/handovers?q=Kari&q=Nord`)).status).toBe(400);
      expect((await callAs(api, 'coordinator', 'GET', `/api/handovers?q[$ne]=x`)).status).toBe(400);
      for (const id of ['x'.repeat(5000), `${handoverId}%00`, `${handoverId}'%20OR%20'1'='1`, '..%2F..%2Ffhir%2FR4%2FPatient']) {
        const answer = await callAs(api, 'coordinator', 'GET', `/api/handovers/${id}`);
        expect([400, 404]).toContain(answer.status);
      }
    });

    it('keeps the unassigned queue on the hospital side', async () => {
      expect((await callAs(api, 'gp', 'GET', '/api/inbox/tasks?owner=none')).status).toBe(400);
      for (const user of ['gp', 'quality', 'lowthreshold']) {
        expect({ user, status: (await callAs(api, user, 'GET', '/api/handovers/tasks?owner=none')).status }).toEqual({ user, status: 403 });
      }
    });
  });

  describe("questions reach nobody else through FHIR's own doors", () => {
    const fhir = (user: string, path: string, method = 'GET', body?: unknown, headers?: Record<string, string>) =>
      callAs<Searchset & Resource>(api, user, method, `/fhir/R4/${path}`, body, headers);

    it('another GP, another unit and a pharmacy find the question by no search, include, history or id', async () => {
      for (const user of ['gp2', 'apotek', 'lowthreshold']) {
        const reads = [
          await fhir(user, `Communication/${questionId}`),
          await fhir(user, `Communication/${questionId}/_history`),
          await fhir(user, `Communication/${questionId}/_history/1`),
        ];
        for (const read of reads) expect({ user, status: read.status }).toEqual({ user, status: 404 });
        const searches = [
          `Communication?based-on=Task/${task.id}`,
          `Communication?_id=${questionId}`,
          `Communication?subject=Patient/${patientId}`,
          `Task?_id=${task.id}&_revinclude=Communication:based-on`,
          `Communication?_id=${questionId}&_include=Communication:based-on&_include=Communication:subject`,
          `Communication?_has:Task:_id:_id=${task.id}`,
        ];
        for (const search of searches) {
          const answer = await fhir(user, search);
          // A refused search (403, or 400 for a parameter Bro does not offer) or an empty one: never the question.
          expect([200, 400, 403]).toContain(answer.status);
          expect({ user, search, leaked: leaks(answer, 'Marevan', patientName), found: resourcesIn(answer.body) }).toEqual({
            user,
            search,
            leaked: [],
            found: search.startsWith('Task') ? resourcesIn(answer.body).filter((found) => found.startsWith('Task/')) : [],
          });
          expect(resourcesIn(answer.body)).not.toContain(`Communication/${questionId}`);
        }
      }
      for (const path of [`Communication?based-on=Task/${task.id}`, `Communication/${questionId}`]) expect((await fhir('quality', path)).status).toBe(403);
    });

    it('a conditional create or a bundle by another GP neither finds the question nor adds to its task', async () => {
      const before = await stored();
      const question = {
        resourceType: 'Communication',
        status: 'completed',
        category: [{ coding: [{ system: 'urn:bro:communication-category', code: 'information-request' }] }],
        basedOn: [{ reference: `Task/${task.id}` }],
        subject: { reference: `Patient/${patientId}` },
        payload: [{ contentString: 'Hva er diagnosen?' }],
      };
      const conditional = await fhir('gp2', 'Communication', 'POST', question, { 'If-None-Exist': `_id=${questionId}` });
      expect([403, 404, 422]).toContain(conditional.status);
      expect(leaks(conditional, 'Marevan')).toEqual([]);
      for (const type of ['batch', 'transaction']) {
        const bundle = await fhir('gp2', '', 'POST', {
          resourceType: 'Bundle',
          type,
          entry: [
            { resource: question, request: { method: 'POST', url: 'Communication', ifNoneExist: `based-on=Task/${task.id}` } },
            { request: { method: 'GET', url: `Communication?based-on=Task/${task.id}` } },
            { request: { method: 'GET', url: `Communication/${questionId}` } },
          ],
        });
        expect(leaks(bundle, 'Marevan', patientName)).toEqual([]);
        expect(resourcesIn(bundle.body)).not.toContain(`Communication/${questionId}`);
        if (type === 'batch') expect(bundle.body.entry?.[0].response?.status).toMatch(/^(403|404|422)/);
        else expect([400, 403, 404, 422]).toContain(bundle.status);
      }
      expect(await stored()).toEqual(before);
    });

    it('a replayed question or answer changes nothing', async () => {
      const before = await stored();
      const replayed = await callAs(api, 'gp', 'POST', `/api/tasks/${task.id}/request-information`, { version: task.version - 1, question: 'Skal Marevan fortsette etter utskrivning?' });
      expect(replayed.status).toBe(409);
      const answered = await callAs(api, 'coordinator', 'POST', `/api/questions/${questionId}/answer`, { answer: 'Ja, INR-kontroll om en uke.' });
      expect(answered.status).toBe(200);
      const again = await callAs(api, 'coordinator', 'POST', `/api/questions/${questionId}/answer`, { answer: 'Ja, INR-kontroll om en uke.' });
      expect(again.status).toBe(409);
      const after = await stored();
      expect(after).toEqual({ version: before.version + 1, status: 'in-progress', communications: before.communications + 1 });
      // The answer is the GP's to read, not gp2's.
      expect((await callAs(api, 'gp2', 'GET', `/api/tasks/${task.id}`)).status).toBe(404);
      const answerOf = (user: string) => fhir(user, `Communication?based-on=Task/${task.id}&_sort=-_lastUpdated`);
      expect(leaks(await answerOf('gp2'), 'INR-kontroll')).toEqual([]);
      expect(leaks(await answerOf('gp'), 'INR-kontroll')).toEqual(['INR-kontroll']);
    });
  });

  describe('input no user would type is refused whole', () => {
    it.each([
      ['a NUL in the question', { question: 'Hvilken dose?\u0000' }, 400],
      ['a question longer than 4000 characters', { question: 'x'.repeat(4001) }, 400],
      ['a question as an object', { question: { text: 'Hvilken dose?' } }, 400],
      ['a version far beyond any', { question: 'Hvilken dose?', version: 1e308 }, 400],
      ['a version as text', { question: 'Hvilken dose?', version: '7' }, 400],
      ['a body of 20 MB', { question: 'x'.repeat(20_000_000) }, 413],
    ])('%s', async (_what, body, status) => {
      const before = await stored();
      const answer = await callAs<{ resourceType?: string }>(api, 'gp', 'POST', `/api/tasks/${task.id}/request-information`, { version: before.version, ...body });
      expect(answer.status).toBe(status);
      expect(await stored()).toEqual(before);
    });

    it('refuses a body nested 5,000 deep with 400, writing nothing', async () => {
      const before = await stored();
      const response = await fetch(`${api.origin}/api/tasks/${task.id}/request-information`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await api.token('gp')}`, 'Content-Type': 'application/json' },
        body: `{"version": ${before.version}, "question": "Hvilken dose?", "extra": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
      });
      expect(response.status).toBe(400);
      expect(await stored()).toEqual(before);
    });

    it('refuses an odd answer or state with 400, writing nothing', async () => {
      const before = await stored();
      for (const body of [{ answer: 'Ja\u0000' }, { answer: '' }, { answer: 'x'.repeat(4001) }, { answer: ['Ja'] }, {}]) {
        expect((await callAs(api, 'coordinator', 'POST', `/api/questions/${questionId}/answer`, body)).status).toBe(400);
      }
      for (const query of ['state=open%00', 'state=all', 'state=open&state=answered', 'state[]=open', 'since=2020-02-30']) {
        expect({ query, status: (await callAs(api, 'coordinator', 'GET', `/api/questions?${query}`)).status }).toEqual({ query, status: 400 });
      }
      expect(await stored()).toEqual(before);
    });
  });
});
