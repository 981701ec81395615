/**
 * The demo GP offices' e-multidose capability, as Bergen might look while it connects its offices: most use
 * PLL, about half are connected to e-multidose (more each month over the last year, so the board's trend
 * rises), a few have told nothing yet. The demo GP's office (Sentrum) is connected; the second demo GP's
 * (Åsane) uses PLL but is not connected, so the demo has a paper-multidose office to show. Dates are relative
 * to `today`, always in the past, and e-multidose never before PLL (the capability write rule's checks).
 */
import { OfficeCapability } from '@app/fhir';
import { SeededRandom } from './seeded-random';

/** EPJ systems of Norwegian GP offices, with a rough share of offices each. */
const EPJ_SYSTEMS: Array<[string, number]> = [
  ['Infodoc', 0.4],
  ['CGM Allmenn', 0.33],
  ['System X', 0.2],
  ['Pridok', 0.07],
];

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Today in Bergen (Europe/Oslo), YYYY-MM-DD. */
export function osloToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export type DemoOfficeKind = 'connected' | 'pll-only' | 'generated';

/** One office's capability; the same seed, kind and day give the same answer. */
export function seededOfficeCapability(random: SeededRandom, kind: DemoOfficeKind, today: string): OfficeCapability {
  const epjSystem = EPJ_SYSTEMS[random.weightedIndex(EPJ_SYSTEMS.map(([, weight]) => weight))][0];
  if (kind === 'connected') return { pllInUseSince: addDays(today, -random.int(420, 700)), eMultidoseConnectedSince: addDays(today, -random.int(60, 380)), epjSystem };
  if (kind === 'pll-only') return { pllInUseSince: addDays(today, -random.int(90, 400)), epjSystem };
  const draw = random.next();
  // About one in ten has told nothing yet, a third uses PLL only, the rest are connected too.
  if (draw < 0.1) return {};
  if (draw < 0.15) return { epjSystem };
  const pllInUseSince = addDays(today, -random.int(30, 900));
  if (draw < 0.48) return { pllInUseSince, epjSystem };
  const daysOnPll = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${pllInUseSince}T00:00:00Z`)) / 86_400_000);
  // Connected some time after starting PLL, most within the last year (the rollout the board follows).
  const eMultidoseConnectedSince = addDays(today, -random.int(1, Math.max(1, Math.min(daysOnPll, 420))));
  return { pllInUseSince, eMultidoseConnectedSince, epjSystem };
}
