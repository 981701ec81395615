import Client from 'fhir-kit-client';
import { Resource, TaskCategoryCode } from '@app/fhir';
import { BoardScopeOption, BoardSnapshot, QualityReport } from '@app/fhir/board/board-metrics';
import { DischargeBoardPanel } from '@app/fhir/transfers/discharge-board-panel';
import { asTransaction, dischargeHandoverEntries } from '../../tools/simulator/discharge-handover';
import { Database } from '../../apps/api/src/database/sql-client';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit, testDirectory } from '../support/test-directory';
import { callAs, gpRole, newPatient } from '../support/transfers';
import { momentAgoToday } from '../support/clock';

const GP_OFFICE_TYPE = { coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] };

/** Hands one patient's tasks over at a given instant; returns the created Tasks. */
async function handOver(fhir: Client, options: { dischargedAt: string; categories: TaskCategoryCode[]; owner?: string; patient?: Resource }): Promise<Resource[]> {
  const content = dischargeHandoverEntries({
    patient: options.patient ?? newPatient(),
    requester: demoUnit(),
    admittedAt: new Date(new Date(options.dischargedAt).getTime() - 3 * 24 * 3600_000).toISOString(),
    dischargedAt: options.dischargedAt,
    tasks: options.categories.map((category) => ({ category, owner: options.owner })),
  });
  const response = (await fhir.transaction({ body: asTransaction(content) } as never)) as unknown as { entry: Array<{ resource?: Resource }> };
  return response.entry.map((e) => e.resource).filter((r): r is Resource => r?.resourceType === 'Task');
}

describe('task-load metrics: known data in, exact numbers out', () => {
  let api: TestApi;
  let ehr: Client;
  let database: Database;

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    database = api.app.get(Database);
  });
  afterAll(() => api?.close());

  describe('quality report for a past period of the demo GP office (Europe/Oslo weeks, "<5")', () => {
    const office = () => testDirectory().demoOrganizations.gpOfficeSentrum;
    const query = () => `from=2025-03-17&to=2025-04-13&office=${encodeURIComponent(office())}`;
    let report: QualityReport;

    beforeAll(async () => {
      // Week 12: eight patients, one task each; the GP accepts six and contests two.
      const week12: Resource[] = [];
      for (let i = 0; i < 8; i++) week12.push(...(await handOver(ehr, { dischargedAt: '2025-03-18T10:00:00+01:00', categories: ['PROVESVAR'], owner: gpRole() })));
      for (const [index, task] of week12.entries()) {
        const action = index < 6 ? 'accept' : 'contest';
        const body = action === 'accept' ? { version: 1 } : { version: 1, reason: 'MANGLER-INFO' };
        expect((await callAs(api, 'gp', 'POST', `/api/tasks/${task.id}/${action}`, body)).status).toBe(200);
      }
      // Known acceptance times: 1 to 6 hours after the hand-over.
      await database.query(
        `UPDATE task_status_transition s SET occurred_at = '2025-03-18T10:00:00+01:00'::timestamptz + make_interval(hours => x.n::int)
           FROM unnest($1::text[]) WITH ORDINALITY AS x(id, n) WHERE s.task_id = x.id AND s.to_status = 'accepted'`,
        [week12.slice(0, 6).map((task) => task.id)],
      );
      await database.query('SELECT refresh_task_load($1::text[])', [week12.map((task) => task.id)]);
      // Sunday 23:30 in Oslo (21:30 UTC) is week 13; Monday 00:30 in Oslo is week 14 although it is still Sunday in UTC.
      await handOver(ehr, { dischargedAt: '2025-03-30T23:30:00+02:00', categories: ['PROVESVAR'], owner: gpRole() });
      await handOver(ehr, { dischargedAt: '2025-03-31T00:30:00+02:00', categories: ['PROVESVAR', 'KONTROLL', 'RESEPT-NY', 'SYKMELD', 'MED-JUST'], owner: gpRole() });
      const answer = await callAs<QualityReport>(api, 'quality', 'GET', `/api/quality/report?${query()}`);
      expect(answer.status).toBe(200);
      report = answer.body;
    });

    it('counts hand-overs per Oslo week, showing 1–4 patients as "<5" even when they have five tasks', () => {
      expect(report.weeks).toEqual([
        { week: '2025-W12', weekStart: '2025-03-17', transferred: 8, contested: '<5', accepted: 6, completed: 0, medianHoursToAccept: 3.5 },
        { week: '2025-W13', weekStart: '2025-03-24', transferred: '<5', contested: 0, accepted: 0, completed: 0, medianHoursToAccept: null },
        { week: '2025-W14', weekStart: '2025-03-31', transferred: '<5', contested: 0, accepted: 0, completed: 0, medianHoursToAccept: null },
        { week: '2025-W15', weekStart: '2025-04-07', transferred: 0, contested: 0, accepted: 0, completed: 0, medianHoursToAccept: null },
      ]);
      expect(report.totals).toEqual({ transferred: 14, contested: '<5', accepted: 6, completed: 0 });
    });

    it('breaks down by category, unit and office, and the contested reasons', () => {
      expect(report.byCategory.map((row) => [row.key, row.transferred, row.contested])).toEqual([
        ['PROVESVAR', 10, '<5'],
        ['KONTROLL', '<5', 0],
        ['MED-JUST', '<5', 0],
        ['RESEPT-NY', '<5', 0],
        ['SYKMELD', '<5', 0],
      ]);
      expect(report.byCategory[0].label).toBe('Oppfølging av prøvesvar');
      expect(report.byUnit).toEqual([{ key: demoUnit(), label: 'Medisinsk avdeling, Haukeland', transferred: 14, contested: '<5' }]);
      expect(report.byOffice).toEqual([{ key: office(), label: 'Sentrum legesenter', transferred: 14, contested: '<5' }]);
      expect(report.contestedReasons).toEqual([{ reason: 'MANGLER-INFO', count: '<5' }]);
    });

    it('gives median and p90 hours to accept from the transition log', () => {
      expect(report.timeToAccept).toEqual({ medianHours: 3.5, p90Hours: 5.5, tasks: 6 });
      expect(report.timeToComplete).toEqual({ medianHours: null, p90Hours: null, tasks: 0 });
    });

    it('exports each table as a CSV file of its own: Excel in bokmål by default, Power BI on request', async () => {
      const file = async (params: Record<string, string>) => {
        const response = await fetch(`${api.origin}/api/quality/report.csv?${query()}&${new URLSearchParams(params).toString()}`, { headers: { Authorization: `Bearer ${await api.token('quality')}` } });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
        // The bytes as they reach the disk: fetch's text() would drop the byte order mark.
        const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
        expect(text.startsWith('\uFEFF')).toBe(true);
        return { name: response.headers.get('content-disposition'), lines: text.slice(1).split('\r\n').slice(0, -1) };
      };
      const excel = await file({ table: 'weeks' });
      expect(excel.name).toBe('attachment; filename="bro-kvalitet-uker-2025-03-17-2025-04-13.csv"');
      expect(excel.lines[0]).toContain('periode 2025-03-17 til 2025-04-13');
      expect(excel.lines.slice(1)).toEqual([
        'uke;uke_fra;overført;bestridt;akseptert;fullført;median_timer_til_akseptert;undertrykt',
        '2025-W12;2025-03-17;8;;6;0;3,5;bestridt',
        '2025-W13;2025-03-24;;0;0;0;;overført',
        '2025-W14;2025-03-31;;0;0;0;;overført',
        '2025-W15;2025-04-07;0;0;0;0;;',
      ]);
      const powerBi = await file({ table: 'contestedReasons', format: 'standard' });
      expect(powerBi.lines).toEqual(['reason,count,suppressed,periodFrom,periodTo', 'MANGLER-INFO,,count,2025-03-17,2025-04-13']);
      expect((await fetch(`${api.origin}/api/quality/report.csv?${query()}`, { headers: { Authorization: `Bearer ${await api.token('quality')}` } })).status).toBe(400);
    });

    it('refuses malformed filters with the field named, and everyone but the quality team and administrators', async () => {
      const bad = await callAs<{ message?: string; issue?: unknown }>(api, 'quality', 'GET', '/api/quality/report?from=2025-02-30');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('from');
      expect((await callAs(api, 'quality', 'GET', '/api/quality/report?from=2025-04-01&to=2025-03-01')).status).toBe(400);
      expect((await callAs(api, 'quality', 'GET', '/api/quality/report?category=NOPE')).status).toBe(400);
      expect((await callAs(api, 'quality', 'GET', '/api/quality/report?unit=Patient/1')).status).toBe(400);
      expect((await callAs(api, 'gp', 'GET', '/api/quality/report')).status).toBe(403);
      expect((await callAs(api, 'coordinator', 'GET', '/api/quality/report.csv')).status).toBe(403);
      expect((await callAs(api, 'admin', 'GET', '/api/quality/report')).status).toBe(200);
    });
  });

  describe('complementary suppression: a "<5" cannot be worked out from the total beside it', () => {
    let office: string;

    beforeAll(async () => {
      const created = (await ehr.create({ resourceType: 'Organization', body: { resourceType: 'Organization', name: 'Summetest legesenter', type: [GP_OFFICE_TYPE] } } as never)) as Resource;
      office = `Organization/${created.id}`;
      // Twelve patients handed over a minute ago (today in Bergen): six for test results, five for a check-up, one for a sick note.
      const dischargedAt = momentAgoToday();
      const categories: TaskCategoryCode[] = [...Array(6).fill('PROVESVAR'), ...Array(5).fill('KONTROLL'), 'SYKMELD'];
      for (const category of categories) await handOver(ehr, { dischargedAt, categories: [category], owner: office });
    });

    it('hides the next smallest category on the board, so 12 − 6 tells neither hidden count', async () => {
      const answer = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(`office:${office}`)}`);
      expect(answer.status).toBe(200);
      const board = answer.body.panels.discharge!;
      expect(board.now.open).toBe(12);
      expect(board.thisWeek.transferred).toBe(12);
      const shown = board.byCategory.filter((row) => row.open !== 0 || row.transferredThisWeek !== 0).map((row) => [row.category, row.open, row.transferredThisWeek]);
      // Without it, KONTROLL would show 5 and the SYKMELD "<5" would be 12 − 6 − 5 = 1.
      expect(shown).toEqual([
        ['PROVESVAR', 6, 6],
        ['KONTROLL', '<5', '<5'],
        ['SYKMELD', '<5', '<5'],
      ]);
    });

    it('does the same in the quality report and its CSV, listing the hidden rows after the shown ones', async () => {
      const query = `office=${encodeURIComponent(office)}`;
      const answer = await callAs<QualityReport>(api, 'quality', 'GET', `/api/quality/report?${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body.totals).toEqual({ transferred: 12, contested: 0, accepted: 0, completed: 0 });
      expect(answer.body.byCategory.map((row) => [row.key, row.transferred, row.contested])).toEqual([
        ['PROVESVAR', 6, 0],
        ['KONTROLL', '<5', 0],
        ['SYKMELD', '<5', 0],
      ]);
      const csv = await fetch(`${api.origin}/api/quality/report.csv?${query}&table=byCategory&format=standard`, { headers: { Authorization: `Bearer ${await api.token('quality')}` } });
      const byCategory = (await csv.text()).split('\r\n').map((line) => line.split(',').slice(0, 5).join(','));
      expect(byCategory.slice(0, 4)).toEqual([
        'key,label,transferred,contested,suppressed',
        'PROVESVAR,Oppfølging av prøvesvar,6,0,',
        'KONTROLL,Kontroll,,0,transferred',
        'SYKMELD,Sykmelding,,0,transferred',
      ]);
    });
  });

  describe('the board of a new GP office', () => {
    let office: string;
    let snapshot: BoardSnapshot;
    let board: DischargeBoardPanel;

    beforeAll(async () => {
      const created = (await ehr.create({ resourceType: 'Organization', body: { resourceType: 'Organization', name: 'Tavletest legesenter', type: [GP_OFFICE_TYPE] } } as never)) as Resource;
      office = `Organization/${created.id}`;
      const now = Date.now();
      // Six patients handed over just now; five forty days ago, long past their due dates.
      for (let i = 0; i < 6; i++) await handOver(ehr, { dischargedAt: momentAgoToday(60, new Date(now)), categories: ['KONTROLL'], owner: office });
      for (let i = 0; i < 5; i++) await handOver(ehr, { dischargedAt: new Date(now - 40 * 24 * 3600_000).toISOString(), categories: ['PROVESVAR'], owner: office });
      const answer = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(`office:${office}`)}`);
      expect(answer.status).toBe(200);
      snapshot = answer.body;
      board = snapshot.panels.discharge!;
    });

    it('shows open, overdue and unassigned tasks now, and today and this week', () => {
      expect(snapshot.scopeLabel).toBe('Tavletest legesenter');
      expect(board.now).toEqual({ open: 11, overdue: 5, unassigned: 0, awaitingHospital: 0 });
      expect(board.today.transferred).toBe(6);
      expect(board.thisWeek).toEqual({ transferred: 6, contested: 0, contestedShare: 0 });
    });

    it('counts open tasks by category with "<5" for the rest, and a twelve-week trend ending this week', () => {
      const byCategory = Object.fromEntries(board.byCategory.map((row) => [row.category, row]));
      expect(byCategory.KONTROLL).toEqual({ category: 'KONTROLL', open: 6, transferredThisWeek: 6 });
      expect(byCategory.PROVESVAR).toEqual({ category: 'PROVESVAR', open: 5, transferredThisWeek: 0 });
      expect(byCategory.SYKMELD).toEqual({ category: 'SYKMELD', open: 0, transferredThisWeek: 0 });
      expect(board.weeklyTrend).toHaveLength(12);
      expect(board.weeklyTrend[11].transferred).toBe(6);
      expect(board.weeklyTrend.map((week) => week.transferred).filter((n) => n !== 0)).toEqual([5, 6]);
      expect(new Date(`${board.weeklyTrend[0].weekStart}T12:00:00Z`).getUTCDay()).toBe(1);
    });

    it('lists the office in the load table, and has a panel for every workflow with a provider', () => {
      expect(board.officeLoad).toEqual([{ office, name: 'Tavletest legesenter', gps: 0, open: 11, openPerGp: null, oldestOpenSince: expect.any(String) }]);
      // Discharge hand-overs, joint consultations, referrals, multidose (office coverage) and revolving-door patients have
      // providers (in the order their modules start; the web app draws them in its own order).
      expect(Object.keys(snapshot.panels).sort()).toEqual(['consultations', 'discharge', 'multidose', 'referrals', 'revolvingDoor']);
      expect(snapshot.queues).toEqual(expect.objectContaining({ depth: expect.any(Number), failed: expect.any(Number) }));
    });

    it('lets a GP watch the municipality and their own office, and nobody else\'s', async () => {
      const options = await callAs<BoardScopeOption[]>(api, 'gp', 'GET', '/api/board/scopes');
      expect(options.body.map((o) => o.scope)).toEqual(['municipality', `office:${testDirectory().demoOrganizations.gpOfficeSentrum}`]);
      expect((await callAs(api, 'gp', 'GET', `/api/board?scope=${encodeURIComponent(`office:${office}`)}`)).status).toBe(403);
      expect((await callAs(api, 'gp', 'GET', '/api/board?scope=office:not-a-reference')).status).toBe(400);
      const coordinator = await callAs<BoardScopeOption[]>(api, 'coordinator', 'GET', '/api/board/scopes');
      expect(coordinator.body.map((o) => o.scope)).toEqual(['municipality', `hospital:${testDirectory().demoOrganizations.haukeland}`]);
      expect((await callAs(api, 'ehr', 'GET', '/api/board/scopes')).body).toEqual([]);
    });
  });
});
