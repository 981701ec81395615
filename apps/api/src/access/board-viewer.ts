import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { Principal } from '../auth/principal';
import { ActorScope } from '../directory/actor-scope';

/**
 * One who reads a board and may see some of the records it counts: what they act for (their own
 * PractitionerRoles and their office). A task owned by one of these is in their inbox, so a count made
 * only of such tasks is one they know anyway.
 */
export interface BoardViewer {
  actsFor: string[];
}

/**
 * Whether a board is read by someone who may see (some of) what it counts, and as whom. Small-number
 * suppression is for audiences who could not see the tasks behind a count; a GP watching their own
 * office's board sees every task owned by them or the office in their inbox. So a GP on their own
 * office's board is a viewer; every other reader (the quality team, another office, the municipality's
 * board) reads the board as everyone does, with every small count suppressed. Whether a count is made
 * only of tasks the viewer may see is each panel's own question (`BoardPanelProvider.seenWhollyBy`).
 */
export function boardViewerOf(principal: Principal, scope: BoardScope, actor: Pick<ActorScope, 'practitionerRoles' | 'organizations'>): BoardViewer | undefined {
  if (principal.role !== 'gp') return undefined;
  const parsed = parseBoardScope(scope);
  if (parsed?.kind !== 'office' || !parsed.organization || !actor.organizations.includes(parsed.organization)) return undefined;
  return { actsFor: [...new Set([...actor.practitionerRoles, parsed.organization])].sort() };
}
