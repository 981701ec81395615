import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { Page } from 'playwright-core';
import { ARTIFACTS, BrowserStack, DemoUser, signIn, startBrowserStack } from './browser-stack';
import { handOver, newRegisteredPatient } from './browser-handovers';
import { admit, dischargeWithChange, multidosePatient } from './browser-multidose';

// Every view, at three screen sizes, checked by axe: a minute or two per screen size.
jest.setTimeout(15 * 60_000);

/**
 * A laptop at the hospital, a wall screen or a desktop, and a phone. axe checks every view on the laptop and the
 * phone, whose layouts differ; on the wall screen the views made for it (the boards), as the laptop's check holds
 * for the others' same markup there (each is still opened, and photographed, at that size).
 */
const SCREENS = [
  { width: 1366, height: 768, axeChecks: 'every view' },
  { width: 1920, height: 1080, axeChecks: 'wall views' },
  { width: 390, height: 844, axeChecks: 'every view' },
] as const;

/** What the test made for the views to show: one hand-over to the demo GP, and a multidose patient of theirs. */
interface Made {
  patientName: string;
  patientId: string;
  taskId: string;
  handoverPath: string;
  multidosePatientId: string;
}

/** One view as a user sees it: who, where, and what they open on it before it is checked. */
interface Visit {
  name: string;
  user: DemoUser;
  path(made: Made): string;
  /** Opens the part of the view the check is about (the bell, a task's details, the directory's results). */
  open?(page: Page, made: Made): Promise<void>;
  /** Shown on wall screens: `also` (a board), or `only` (the kiosk board, never on a phone: not held to the phone's width). */
  wall?: 'also' | 'only';
}

const VISITS: readonly Visit[] = [
  { name: 'inbox', user: 'gp', path: (made) => `/inbox?patient=${made.patientId}` },
  {
    name: 'inbox-details',
    user: 'gp',
    path: (made) => `/inbox?patient=${made.patientId}`,
    open: async (page, made) => {
      await page.locator(`tr[data-task-id="${made.taskId}"]`).getByRole('button', { name: 'Flere valg' }).click();
      await page.locator(`#panel-${made.taskId}`).getByRole('heading', { name: 'Detaljer' }).waitFor();
    },
  },
  {
    name: 'bell-open',
    user: 'gp',
    path: (made) => `/inbox?patient=${made.patientId}`,
    open: async (page) => {
      await page.getByRole('button', { name: /^Varsler, / }).click();
      await page.getByRole('region', { name: 'Varsler' }).waitFor();
    },
  },
  {
    name: 'directory-search-open',
    user: 'gp',
    path: () => '/inbox',
    open: async (page) => {
      await page.getByRole('searchbox', { name: 'Finn samarbeidspartner' }).fill('legesenter');
      await page.getByTestId('directory-status').filter({ hasText: /treff|Ingen/ }).waitFor();
    },
  },
  { name: 'consultations-gp', user: 'gp', path: () => '/consultations' },
  { name: 'referrals-gp', user: 'gp', path: () => '/referrals' },
  { name: 'board-gp', user: 'gp', path: () => '/board', wall: 'also' },
  {
    name: 'inbox-multidose',
    user: 'gp',
    path: (made) => `/inbox?patient=${made.multidosePatientId}`,
    open: async (page) => {
      await page.getByTestId('multidose-badge').filter({ hasText: 'Innlagt – pakking stanset · Endring venter' }).first().waitFor();
    },
  },
  { name: 'multidose-patients', user: 'gp', path: () => '/multidose/patients' },
  { name: 'multidose-episode', user: 'gp', path: (made) => `/multidose/patients/${made.multidosePatientId}` },
  { name: 'handovers', user: 'coordinator', path: () => '/handovers' },
  { name: 'handover-details', user: 'coordinator', path: (made) => made.handoverPath },
  { name: 'handover-form', user: 'coordinator', path: () => '/handovers/new' },
  { name: 'consultations-coordinator', user: 'coordinator', path: () => '/consultations' },
  { name: 'consultation-plan', user: 'coordinator', path: () => '/consultations/new' },
  { name: 'referrals-coordinator', user: 'coordinator', path: () => '/referrals' },
  {
    name: 'bell-open-coordinator',
    user: 'coordinator',
    path: () => '/handovers',
    open: async (page) => {
      await page.getByRole('button', { name: /^Varsler, / }).click();
      await page.getByRole('region', { name: 'Varsler' }).waitFor();
    },
  },
  { name: 'lowthreshold', user: 'lowthreshold', path: () => '/lowthreshold' },
  { name: 'quality', user: 'quality', path: () => '/quality' },
  { name: 'board-quality', user: 'quality', path: () => '/board', wall: 'also' },
  { name: 'board-privacy', user: 'privacy', path: () => '/board', wall: 'also' },
  { name: 'board-admin', user: 'admin', path: () => '/board', wall: 'also' },
  { name: 'board-kiosk', user: 'admin', path: () => '/board?kiosk=1', wall: 'only' },
  { name: 'quality-admin', user: 'admin', path: () => '/quality' },
  { name: 'routing-rules', user: 'admin', path: () => '/routing-rules' },
  { name: 'multidose-offices', user: 'admin', path: () => '/multidose/offices' },
];

/**
 * Waits until the view has its heading and nothing on it has been loading for a short while: a view's first
 * answer can start the next request (the board picks its scope, then loads that scope's figures).
 */
async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(
    `(() => {
      if (document.querySelector('.loading')) return (window.quietSince = undefined), false;
      window.quietSince = window.quietSince ?? performance.now();
      return performance.now() - window.quietSince > 400;
    })()`,
    undefined,
    { timeout: 15_000, polling: 100 },
  );
}

/** The serious and critical findings of axe on the page as it is now, one line each: rule, impact, where. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} – ${node.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? ''}`));
}

/**
 * Wider than the screen: the page would scroll sideways (a phone user loses the right edge). Names the innermost
 * elements that reach past the right edge, and the text past it that may not wrap (white-space nowrap or pre:
 * what usually widens the page), else the widest, so a failure says where to look.
 */
function scrollsSideways(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate<{ scrollWidth: number; innerWidth: number; culprits: string[] }>(`(() => {
    const clipped = (node) => { for (let up = node.parentElement; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true; return false; };
    const past = (element) => element.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(element);
    const nameOf = (element) => element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((element) => past(element) && !Array.from(element.children).some(past))
      .slice(0, 5)
      .map(nameOf);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let suspect;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || clipped(node)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const line = Math.max(0, ...Array.from(range.getClientRects()).filter((rect) => rect.right > window.innerWidth + 1).map((rect) => rect.width));
      if (line === 0) continue;
      const style = getComputedStyle(node.parentElement);
      const unwrapped = /^(nowrap|pre)$/.test(style.whiteSpace);
      if (!suspect || (unwrapped && !suspect.unwrapped) || (unwrapped === suspect.unwrapped && line > suspect.line)) suspect = { line, node, unwrapped, style };
    }
    if (suspect) {
      culprits.push((suspect.unwrapped ? 'text that may not wrap' : 'widest text') + ' past the edge, ' + Math.round(suspect.line) + ' px in ' + nameOf(suspect.node.parentElement) + ' (white-space ' + suspect.style.whiteSpace + ', overflow-wrap ' + suspect.style.overflowWrap + '): "' + suspect.node.textContent.trim().slice(0, 40) + '"');
    }
    return { scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, culprits };
  })()`);
}

/**
 * The demo GP's multidose patient discharged with a medication change and admitted again before the GP sent the
 * updated list: the badge carries its longest text ("Multidose: Innlagt – pakking stanset · Endring venter").
 */
async function multidosePatientBackInHospital(stack: BrowserStack): Promise<string> {
  const patient = newRegisteredPatient();
  const id = await multidosePatient(stack, patient);
  await dischargeWithChange(stack, patient);
  await admit(stack, id);
  return id;
}

/** The hand-over's own page, as the coordinator opens it from the list (found by the patient's name). */
async function handoverPathOf(stack: BrowserStack, patientName: string): Promise<string> {
  const page = await stack.newPage();
  await signIn(page, stack.web.url, 'coordinator', '/handovers');
  const list = page.getByRole('region', { name: 'Utskrivninger' });
  const search = list.getByRole('searchbox', { name: 'Finn pasient' });
  await search.fill(patientName);
  await search.press('Enter');
  const link = list.getByRole('row').filter({ hasText: patientName }).locator('a[href^="/handovers/"]').first();
  const path = (await link.getAttribute('href'))!;
  await page.context().close();
  return path;
}

/**
 * Every view of the web app, as each kind of user reaches it through the identity provider's sign-in page, at a
 * laptop's, a wall screen's and a phone's size: axe finds no serious or critical problem on any of them (on the
 * laptop and the phone, and the boards on the wall screen), none scrolls sideways on the phone, and a screenshot of
 * each at every size lands in test/artifacts/ to look at.
 */
describe('accessibility of every view (browser)', () => {
  let stack: BrowserStack;
  let made: Made;

  beforeAll(async () => {
    stack = await startBrowserStack();
    const { patientName, tasks } = await handOver(stack.api, { categories: ['PROVESVAR', 'KONTROLL'], descriptions: [
        'Følg opp CRP og kreatinin om en uke.',
        // A pasted address is one long word: on a phone it must wrap, not widen the row.
        'Kontroll av blodtrykk, se https://www.helse-bergen.no/avdelinger/medisinsk-klinikk/hjerteavdelingen/blodtrykkskontroll-etter-utskrivning',
      ],
    });
    made = {
      patientName,
      patientId: String((tasks[0].for as { reference: string }).reference).replace('Patient/', ''),
      taskId: String(tasks[0].id),
      handoverPath: await handoverPathOf(stack, patientName),
      multidosePatientId: await multidosePatientBackInHospital(stack),
    };
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each(SCREENS.map((screen) => [`${screen.width}×${screen.height}`, screen] as const))('at %s', async (_size, screen) => {
    const problems: string[] = [];
    const users = [...new Set(VISITS.map((visit) => visit.user))];
    for (const user of users) {
      const page = await stack.newPage({ width: screen.width, height: screen.height });
      await signIn(page, stack.web.url, user);
      for (const visit of VISITS.filter((candidate) => candidate.user === user)) {
        await page.goto(`${stack.web.url}${visit.path(made)}`);
        await settled(page);
        await visit.open?.(page, made);
        await page.screenshot({ path: resolve(ARTIFACTS, `view-${visit.name}-${screen.width}x${screen.height}.png`), fullPage: true });
        if (screen.axeChecks === 'every view' || visit.wall) {
          for (const violation of await seriousViolations(page)) problems.push(`${visit.name}: ${violation}`);
        }
        if (screen.width < 600 && visit.wall !== 'only') {
          const { scrollWidth, innerWidth, culprits } = await scrollsSideways(page);
          if (scrollWidth > innerWidth) problems.push(`${visit.name}: scrolls sideways, ${scrollWidth} px wide on a ${innerWidth} px screen (${culprits.join(', ')})`);
        }
      }
      await page.context().close();
    }
    expect(problems).toEqual([]);
  });

  it('re-reads the screen in English after the switch, with no Norwegian message left over', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['KONTROLL'] });
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp', `/inbox?patient=${String((tasks[0].for as { reference: string }).reference).replace('Patient/', '')}`);
    const row = page.getByRole('row').filter({ hasText: patientName });
    await row.getByRole('button', { name: `Aksepter: Kontroll, ${patientName}` }).click();
    const accepted = page.getByText(`Oppgaven for ${patientName} er akseptert.`);
    await accepted.waitFor();

    await page.getByRole('combobox', { name: 'Språk' }).selectOption('en');
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await row.getByText('Accepted', { exact: true }).waitFor();
    await expect(accepted.count()).resolves.toBe(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'view-inbox-english-after-action.png'), fullPage: true });
  });
});
