/** The views of the web app and who may use them; the API enforces the same, this only hides what would be refused. */
export type ViewId = 'inbox' | 'handovers' | 'consultations' | 'referrals' | 'lowthreshold' | 'board' | 'quality' | 'routingRules' | 'multidoseOffices' | 'multidosePatients';

export interface View {
  id: ViewId;
  path: string;
  roles: readonly string[];
}

const SIGNED_IN_PEOPLE = ['gp', 'coordinator', 'quality', 'privacy', 'lowthreshold', 'admin'];

export const VIEWS: readonly View[] = [
  { id: 'inbox', path: '/inbox', roles: ['gp'] },
  { id: 'handovers', path: '/handovers', roles: ['coordinator'] },
  { id: 'consultations', path: '/consultations', roles: ['coordinator', 'gp'] },
  { id: 'referrals', path: '/referrals', roles: ['gp', 'coordinator'] },
  { id: 'lowthreshold', path: '/lowthreshold', roles: ['lowthreshold'] },
  { id: 'board', path: '/board', roles: SIGNED_IN_PEOPLE },
  { id: 'quality', path: '/quality', roles: ['quality', 'admin'] },
  { id: 'routingRules', path: '/routing-rules', roles: ['admin'] },
  { id: 'multidoseOffices', path: '/multidose/offices', roles: ['admin'] },
  // "Mine multidosepasienter", and one patient's episode timeline under it (/multidose/patients/<id>).
  { id: 'multidosePatients', path: '/multidose/patients', roles: ['gp'] },
];

export function viewsFor(role: string): View[] {
  return VIEWS.filter((view) => view.roles.includes(role));
}

/** The view a path belongs to (`/handovers/new` belongs to hand-overs, `/consultations/new` to consultations). */
export function viewOfPath(path: string): View | undefined {
  return VIEWS.find((view) => path === view.path || path.startsWith(`${view.path}/`));
}

/** The view each kind of user works in, before the board everyone shares. */
const HOME_ORDER: readonly ViewId[] = ['inbox', 'handovers', 'lowthreshold', 'quality', 'board'];

/** Where a user lands after signing in: their working view first, the board otherwise. */
export function homePathFor(role: string): string {
  const mine = viewsFor(role);
  return HOME_ORDER.map((id) => mine.find((view) => view.id === id)).find(Boolean)?.path ?? '/board';
}
