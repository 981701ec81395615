import { Bundle, Resource, TASK_KIND_SYSTEM } from '@app/fhir';
import type { MultidoseBadges, MultidoseEpisodeView, MultidosePatientPage, MultidosePatientSummary } from '@app/fhir/multidose/multidose-patient-answers';
import { Database } from '../../apps/api/src/database/sql-client';
import { osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { StoredResource } from '../support/referrals';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole, newPatient } from '../support/transfers';
import { admitToDemoUnit, dischargeWithChange, registerMultidoseEpisode } from '../support/multidose';

jest.setTimeout(120_000);

const RUN = Date.now().toString(36).slice(-5);

/**
 * The multidose endpoints of the GP and the hospital unit: "Mine multidosepasienter" (who is on it, the
 * order, paging), a patient's episode with its timeline, recording the complete list (M25.1) and the
 * badges for many patients at once, each tried by every role that may not.
 */
describe('multidose API for GPs and coordinators', () => {
  let api: TestApi;
  let database: Database;

  const as = <T = Record<string, unknown>>(user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callAs<T>(api, user, method, path, body, headers);
  const fhir = <T = StoredResource>(user: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => as<T>(user, method, `/fhir/R4/${path}`, body, headers);

  /** A patient on the demo GP's list (and `alsoGp`'s), with a multidose episode whose responsible doctor is the demo GP. */
  async function multidosePatient(family: string, options: { alsoGp?: string } = {}) {
    const patient = newPatient(gpRole());
    patient.name = [{ family: `${family}${RUN}`, given: ['Mona'] }];
    if (options.alsoGp) patient.generalPractitioner = [...(patient.generalPractitioner as object[]), { reference: options.alsoGp }];
    const created = await fhir('ehr', 'POST', 'Patient', patient);
    expect(created.status).toBe(201);
    const episode = await registerMultidoseEpisode(api, `Patient/${created.body.id}`);
    return { patient: created.body as Resource, id: created.body.id, episode };
  }

  const updateTasksOf = async (episodeId: string) =>
    (await fhir<Bundle>('ehr', 'GET', `Task?focus=EpisodeOfCare/${episodeId}&code=${TASK_KIND_SYSTEM}|multidose-update`)).body.entry?.map((e) => e.resource as StoredResource) ?? [];

  /** Every page of the caller's list (other test files' patients of the same GP are on it too). */
  async function wholeList(user = 'gp'): Promise<MultidosePatientSummary[]> {
    const rows: MultidosePatientSummary[] = [];
    for (let page = 1; ; page++) {
      const answer = await as<MultidosePatientPage>(user, 'GET', `/api/multidose/patients?page=${page}&pageSize=100`);
      expect(answer.status).toBe(200);
      rows.push(...answer.body.patients);
      if (rows.length >= answer.body.total || answer.body.patients.length === 0) return rows;
    }
  }

  let active: Awaited<ReturnType<typeof multidosePatient>>;
  let pending: Awaited<ReturnType<typeof multidosePatient>>;
  let overdueAdmitted: Awaited<ReturnType<typeof multidosePatient>>;
  let otherActive: Awaited<ReturnType<typeof multidosePatient>>;

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
    // Names chosen so that by name alone the order would be the reverse of the expected one.
    pending = await multidosePatient('Multidosez');
    overdueAdmitted = await multidosePatient('Multidosey');
    active = await multidosePatient('Multidosea');
    otherActive = await multidosePatient('Multidoseb');
    await dischargeWithChange(api, pending.patient);
    await dischargeWithChange(api, overdueAdmitted.patient);
    // Back in hospital before the list was sent, and the update is past its due date.
    await admitToDemoUnit(api, overdueAdmitted.id!);
    const [task] = await updateTasksOf(overdueAdmitted.episode.id);
    const due = osloDate(new Date(Date.now() - 3 * 86_400_000));
    await database.query(
      `UPDATE fhir_task SET resource = jsonb_set(resource, '{restriction,period,end}', to_jsonb($2::text)), sp_due_end = ($2::date + 1)::timestamptz WHERE id = $1`,
      [task.id, due],
    );
  });
  afterAll(() => api?.close());

  it('lists the GP’s multidose patients, pending changes first, then by name', async () => {
    const list = await wholeList();
    const mine = list.filter((row) => row.patient.name?.endsWith(RUN));
    expect(mine.map((row) => row.patient.name)).toEqual([`Mona Multidosez${RUN}`, `Mona Multidosey${RUN}`, `Mona Multidosea${RUN}`, `Mona Multidoseb${RUN}`]);
    // The whole list keeps the rule, whatever other tests left there.
    const rank = (row: MultidosePatientSummary) => (row.state === 'change-pending' ? 0 : row.update?.overdue ? 1 : 2);
    expect(list.map(rank)).toEqual([...list.map(rank)].sort());

    const [first, second, third] = mine;
    expect(first).toMatchObject({
      episodeId: pending.episode.id,
      state: 'change-pending',
      mode: 'e-multidose',
      pharmacy: { display: 'Apotek 1 Bergen Sentrum', herId: '8100010' },
      update: { status: 'requested', overdue: false },
      deviation: false,
    });
    expect(first.update!.due! > osloDate(new Date())).toBe(true);
    expect(second).toMatchObject({ state: 'suspended-admitted', update: { overdue: true } });
    expect(third).toMatchObject({ state: 'active', deviation: false });
    expect(third.update).toBeUndefined();
    expect(third.lastCompleteList).toBeUndefined();

    // Every row shown is audited with its patient.
    const { rows } = await database.query<{ patient: string; query: string }>(
      `SELECT patient, query FROM audit_event WHERE agent_subject = 'gp' AND subtype = 'search-type' AND entity_type = 'EpisodeOfCare' AND entity_id = $1`,
      [pending.episode.id],
    );
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ patient: `Patient/${pending.id}`, query: 'api/multidose/patients' })]));
  });

  it('pages the list: the pages together are the whole list, and a page past the end still says the total', async () => {
    const whole = await wholeList();
    const size = Math.max(2, Math.ceil(whole.length / 5));
    const pages: string[] = [];
    for (let page = 1; page <= Math.ceil(whole.length / size); page++) {
      const answer = await as<MultidosePatientPage>('gp', 'GET', `/api/multidose/patients?page=${page}&pageSize=${size}`);
      expect(answer.body).toMatchObject({ page, pageSize: size, total: whole.length });
      pages.push(...answer.body.patients.map((row) => row.episodeId));
    }
    expect(pages).toEqual(whole.map((row) => row.episodeId));
    const beyond = await as<MultidosePatientPage>('gp', 'GET', `/api/multidose/patients?page=${Math.ceil(whole.length / size) + 1}&pageSize=${size}`);
    expect(beyond.body).toMatchObject({ total: whole.length, patients: [] });
  });

  it('shows the episode with its timeline of state changes and e-prescription events', async () => {
    const view = await as<MultidoseEpisodeView>('gp', 'GET', `/api/multidose/patients/${pending.id}/episode`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ episodeId: pending.episode.id, state: 'change-pending', careManager: { reference: gpRole(), hpr: '9144901' }, update: { overdue: false } });
    expect(view.body.timeline.map((entry) => (entry.kind === 'state' ? `${entry.from ?? ''}→${entry.to}` : entry.message))).toEqual(['→active', 'active→change-pending']);
    // Read through FHIR history as the caller: audited as such.
    const { rows } = await database.query(`SELECT 1 FROM audit_event WHERE agent_subject = 'gp' AND subtype = 'history-instance' AND entity_id = $1`, [pending.episode.id]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('records the updated complete list (M25.1): the episode is active again and the update Task completed', async () => {
    const path = `/api/multidose/patients/${pending.id}/complete-list`;
    expect((await as('coordinator', 'POST', path, {})).status).toBe(403);
    expect((await as('quality', 'POST', path, {})).status).toBe(403);
    expect((await as('gp2', 'POST', path, {})).status).toBe(404);
    expect((await as('gp', 'POST', path, { version: 1, extra: true })).status).toBe(400);
    expect((await as('gp', 'POST', path, { version: 1 })).status).toBe(412);
    const before = await as<MultidoseEpisodeView>('gp', 'GET', `/api/multidose/patients/${pending.id}/episode`);
    const recorded = await as<MultidoseEpisodeView>('gp', 'POST', path, { version: before.body.episodeVersion });
    expect(recorded.status).toBe(200);
    expect(recorded.body.state).toBe('active');
    expect(recorded.body.update).toBeUndefined();
    expect(recorded.body.lastCompleteList).toBeDefined();
    expect(recorded.body.timeline.map((entry) => (entry.kind === 'state' ? `${entry.from ?? ''}→${entry.to}` : entry.message))).toEqual(['→active', 'active→change-pending', 'M25.1', 'change-pending→active']);
    const [task] = await updateTasksOf(pending.episode.id);
    expect(task.status).toBe('completed');
    const row = (await wholeList()).find((entry) => entry.episodeId === pending.episode.id)!;
    expect(row).toMatchObject({ state: 'active' });
    expect(row.update).toBeUndefined();
  });

  it('refuses the list from a GP who sees the patient but is not the responsible doctor (the rule’s 403), writing nothing', async () => {
    const shared = await multidosePatient('Multidosedelt', { alsoGp: gpRole('gp2') });
    await dischargeWithChange(api, shared.patient);
    expect((await as('gp2', 'GET', `/api/multidose/patients/${shared.id}/episode`)).status).toBe(200);
    expect((await as('gp2', 'POST', `/api/multidose/patients/${shared.id}/complete-list`, {})).status).toBe(403);
    const view = await as<MultidoseEpisodeView>('gp', 'GET', `/api/multidose/patients/${shared.id}/episode`);
    expect(view.body.state).toBe('change-pending');
    expect(view.body.timeline.some((entry) => entry.kind === 'message')).toBe(false);
    // Not on gp2's list: they are not its responsible doctor nor at its office.
    expect((await wholeList('gp2')).some((row) => row.episodeId === shared.episode.id)).toBe(false);
  });

  it('gives badges for many patients at once, only those the caller may see', async () => {
    const ids = [active.id, overdueAdmitted.id, otherActive.id];
    const query = ids.map((id) => `patient=${id}`).join('&');
    const gp = await as<MultidoseBadges>('gp', 'GET', `/api/multidose/badges?${query}&patient=does-not-exist`);
    expect(gp.status).toBe(200);
    expect(gp.body.badges).toEqual({
      [active.id!]: { episodeId: active.episode.id, episodeVersion: expect.any(Number), state: 'active', mode: 'e-multidose', pendingChange: false },
      [overdueAdmitted.id!]: expect.objectContaining({ state: 'suspended-admitted', pendingChange: true }),
      [otherActive.id!]: expect.objectContaining({ state: 'active', pendingChange: false }),
    });
    expect((await as<MultidoseBadges>('gp2', 'GET', `/api/multidose/badges?${query}`)).body.badges).toEqual({});
    // The hospital unit: only the patient in one of its beds.
    expect(Object.keys((await as<MultidoseBadges>('coordinator', 'GET', `/api/multidose/badges?${query}`)).body.badges)).toEqual([overdueAdmitted.id]);
    expect((await as('quality', 'GET', `/api/multidose/badges?${query}`)).status).toBe(403);
    expect((await as('lowthreshold', 'GET', `/api/multidose/badges?${query}`)).status).toBe(403);
  });

  it('shows the episode to the hospital unit only during a stay, never to gp2 or quality', async () => {
    const path = (id: string) => `/api/multidose/patients/${id}/episode`;
    expect((await as('coordinator', 'GET', path(active.id!))).status).toBe(404);
    const admitted = await as<MultidoseEpisodeView>('coordinator', 'GET', path(overdueAdmitted.id!));
    expect(admitted.status).toBe(200);
    expect(admitted.body.timeline.filter((entry) => entry.kind === 'state').map((entry) => entry.kind === 'state' && entry.to)).toEqual(['active', 'change-pending', 'suspended-admitted']);
    expect((await as('gp2', 'GET', path(active.id!))).status).toBe(404);
    expect((await as('quality', 'GET', path(active.id!))).status).toBe(403);
    expect((await as('coordinator', 'GET', '/api/multidose/patients')).status).toBe(403);
    expect((await as('quality', 'GET', '/api/multidose/patients')).status).toBe(403);
    expect((await wholeList('gp2')).filter((row) => row.patient.name?.endsWith(RUN))).toEqual([]);
  });

  it('refuses bad input with 400', async () => {
    for (const query of ['page=0', 'pageSize=101', 'pageSize=abc', 'page=1&page=2', 'sort=name']) {
      expect([query, (await as('gp', 'GET', `/api/multidose/patients?${query}`)).status]).toEqual([query, 400]);
    }
    expect((await as('gp', 'GET', '/api/multidose/badges')).status).toBe(400);
    expect((await as('gp', 'GET', '/api/multidose/badges?patient=a%20b')).status).toBe(400);
    expect((await as('gp', 'GET', '/api/multidose/badges?patient=a&other=b')).status).toBe(400);
    expect((await as('gp', 'GET', `/api/multidose/badges?${Array.from({ length: 201 }, (_, i) => `patient=p${i}`).join('&')}`)).status).toBe(400);
    expect((await as('gp', 'GET', '/api/multidose/patients/bad%24id/episode')).status).toBe(400);
    expect((await as('gp', 'GET', `/api/multidose/patients/${active.id}/episode?x=1`)).status).toBe(400);
    expect((await as('gp', 'POST', `/api/multidose/patients/${active.id}/complete-list`, { version: 'one' })).status).toBe(400);
    expect((await as('gp', 'POST', `/api/multidose/patients/${active.id}/complete-list`, {}, { 'If-Match': 'nonsense' })).status).toBe(400);
  });
});
