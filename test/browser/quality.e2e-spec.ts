import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { testDirectory } from '../support/test-directory';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { handOver, newGpOffice, newHospitalUnit } from './browser-handovers';

jest.setTimeout(120_000);

/** One table's CSV file in the Power BI format: the header, then the rows, cells unquoted (byte order mark and CRLF taken off). */
function csvTable(csv: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n').map(csvCells);
  return { header, rows };
}

function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/**
 * The report tables as the screen shows them, column by CSV column: each cell's text as a user reads
 * it, turned back into the CSV's notation (bokmål "1 234,5" → "1234.5", "–" → empty); dates from
 * their <time datetime>.
 */
async function screenTables(page: Page): Promise<Record<string, { header: string[]; rows: string[][] }>> {
  return page.evaluate<Record<string, { header: string[]; rows: string[][] }>>(`(() => {
    const tables = {};
    for (const table of document.querySelectorAll('table[data-csv-section]')) {
      const columns = [...table.querySelectorAll('thead th')].map((th) => th.dataset.csvColumn ?? null);
      const header = columns.filter((column) => column !== null);
      const rows = [...table.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.children].flatMap((td, i) => {
          if (columns[i] === null) return [];
          const time = td.querySelector('time');
          const text = time ? time.dateTime : td.textContent.trim();
          if (text === '–' || text === 'ingen data') return [''];
          const number = text.replace(/[\\s\\u00a0\\u202f]/g, '').replace(/t$/, '');
          return [/^-?\\d+(,\\d+)?$/.test(number) ? number.replace(',', '.') : text];
        }),
      );
      tables[table.dataset.csvSection] = { header, rows };
    }
    return tables;
  })()`);
}

describe('the quality dashboard (browser)', () => {
  let stack: BrowserStack;
  let unitId: string;
  const UNIT_NAME = 'Kvalitetstest sengepost';

  beforeAll(async () => {
    stack = await startBrowserStack();
    // Hand-overs from a unit of this test's own, one of them contested, so every table has rows (some of them "<5").
    unitId = await newHospitalUnit(stack.api, UNIT_NAME);
    const handovers = [];
    for (let i = 0; i < 6; i++) handovers.push(await handOver(stack.api, { requester: unitId, gp: i % 2 ? 'gp2' : 'gp', categories: i < 5 ? ['PROVESVAR'] : ['REKV-UTR', 'KONTROLL'] }));
    const contested = handovers[5].tasks[0];
    const answer = await callAs(stack.api, 'gp2', 'POST', `/api/tasks/${contested.id}/contest`, { version: Number(contested.meta!.versionId), reason: 'SYKEHUSETS-ANSVAR' });
    expect(answer.status).toBe(200);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('downloads as CSV exactly the tables on screen, for the filters chosen', async () => {
    const page = await stack.newPage({ width: 1440, height: 1000 });
    await signIn(page, stack.web.url, 'quality', '/quality');
    await page.getByRole('heading', { name: 'Kvalitet', level: 1 }).waitFor();
    await page.locator('table[data-csv-section="weeks"]').waitFor();

    // Narrow to the test's unit: the filter goes into the address and the report follows.
    await page.getByLabel('Sykehusenhet', { exact: true }).selectOption(unitId);
    await page.waitForURL((url) => url.searchParams.get('unit') === unitId);
    await page.locator('.report:not(.stale) table[data-csv-section="byUnit"] tbody tr').first().waitFor();
    const units = await page.locator('table[data-csv-section="byUnit"] tbody tr').count();
    expect(units).toBe(1);
    await page.getByRole('table').filter({ hasText: 'PROVESVAR' }).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'quality.png'), fullPage: true });

    // Power BI's format: the stable column keys the screen's tables carry, one table per file.
    await page.getByLabel('CSV-format').selectOption('standard');
    const screen = await screenTables(page);
    const csv = new Map<string, { header: string[]; rows: string[][] }>();
    const captions: Record<string, string> = { weeks: 'Uker', byCategory: 'Per kategori', byUnit: 'Per sykehusenhet', byOffice: 'Per legekontor', contestedReasons: 'Årsaker til bestridelse' };
    for (const [section, caption] of Object.entries(captions)) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Last ned CSV: ${caption}`, exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/^bro-kvalitet-[a-z-]+-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
      csv.set(section, csvTable(readFileSync((await download.path())!, 'utf8')));
    }

    // What the screen shows is what the files hold: a suppressed cell is empty in the file and named in its flag column.
    for (const [section, { header, rows }] of csv) {
      const shown = screen[section];
      const flag = header.indexOf('suppressed');
      const asOnScreen = rows.map((row) => shown.header.map((column) => {
        const value = row[header.indexOf(column)];
        // The screen says weeks as people do ("Uke 47"); the file keeps the ISO week ("2026-W47").
        if (column === 'week') return `Uke ${Number(value.slice(-2))}`;
        return value === '' && row[flag].split(', ').includes(column) ? '<5' : value;
      }));
      expect({ section, rows: shown.rows }).toEqual({ section, rows: asOnScreen });
    }
    // Only this test's hand-overs come from its unit: six patients (three on each demo GP's list), seven tasks, one contested, all this week.
    const { demoOrganizations } = testDirectory();
    const weeks = csv.get('weeks')!.rows;
    expect(weeks.slice(0, -1).map((week) => week.slice(2, 8))).toEqual(weeks.slice(0, -1).map(() => ['0', '0', '0', '0', '', '']));
    expect(weeks[weeks.length - 1].slice(2, 8)).toEqual(['7', '', '0', '0', '', 'contested']);
    const firstColumns = (section: string) => csv.get(section)!.rows.map((row) => row.slice(0, 5));
    expect(firstColumns('byCategory')).toEqual([
      ['PROVESVAR', 'Oppfølging av prøvesvar', '5', '0', ''],
      ['KONTROLL', 'Kontroll', '', '0', 'transferred'],
      ['REKV-UTR', 'Rekvirering av utredning', '', '', 'transferred, contested'],
    ]);
    expect(firstColumns('byUnit')).toEqual([[unitId, UNIT_NAME, '7', '', 'contested']]);
    // Both offices' counts are hidden, so they are listed by reference, not by size (the size would tell).
    const offices = [
      [demoOrganizations.gpOfficeSentrum, 'Sentrum legesenter', '', '0', 'transferred'],
      [demoOrganizations.gpOfficeAsane, 'Åsane legesenter', '', '', 'transferred, contested'],
    ];
    expect(firstColumns('byOffice')).toEqual(offices.sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(csv.get('contestedReasons')!.rows.map((row) => row.slice(0, 3))).toEqual([['SYKEHUSETS-ANSVAR', '', 'count']]);
  });

  it('tells the user what to do when nothing matches', async () => {
    const page = await stack.newPage();
    // An office of the test's own has no joint consultations, whatever else the run has planned.
    const office = await newGpOffice(stack.api, 'Tomt testlegekontor');
    await signIn(page, stack.web.url, 'admin', `/quality?from=2020-01-06&to=2020-01-12&office=${encodeURIComponent(office)}`);
    await page.getByText('Ingen oppgaver ble overført i perioden med disse filtrene. Utvid perioden eller nullstill filtrene.').waitFor();
    // No consultations for the office: their section says so rather than showing empty tables.
    await page.getByText('Ingen felleskonsultasjoner ble foreslått de siste tolv ukene.').waitFor();
    await page.getByRole('button', { name: 'Nullstill filtre' }).click();
    await page.waitForURL(`${stack.web.url}/quality`);
    await page.getByRole('group', { name: 'Overført' }).waitFor();
  });
});
