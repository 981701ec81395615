import type { MultidoseBadge as Badge, MultidoseBadges } from '@app/fhir/multidose/multidose-patient-answers';
import { ApiState, useApi } from '../api/use-api';
import { Link } from '../routing/router';
import { badgesPath } from './multidose-api';
import { useMultidoseTexts } from './multidose.texts';

/** The multidose badges of a page's patients: one request for the whole page, never one per row. */
export function useMultidoseBadges(patientIds: readonly string[]): ApiState<MultidoseBadges> {
  return useApi<MultidoseBadges>(badgesPath(patientIds));
}

/**
 * A patient's multidose at a glance: the episode's state, and "Endring venter" highlighted while a change
 * waits for the doctor's complete list. With `to`, a link to the patient's episode timeline.
 */
export function MultidoseBadge({ badge, to, patientName }: { badge: Badge | undefined; to?: string; patientName?: string }) {
  const { md } = useMultidoseTexts();
  if (!badge) return null;
  const state = md.state[badge.state] ?? badge.state;
  const content = (
    <>
      {md.badge(state)}
      {badge.pendingChange && badge.state !== 'change-pending' && <span className="multidose-pending-mark"> · {md.pendingBadge}</span>}
    </>
  );
  const className = `multidose-badge${badge.pendingChange ? ' pending' : ''}`;
  return to ? (
    <Link to={to} className={className} data-testid="multidose-badge">
      {content}
      {patientName && <span className="visually-hidden">{md.badgeLinkTarget(patientName)}</span>}
    </Link>
  ) : (
    <span className={className} data-testid="multidose-badge">
      {content}
    </span>
  );
}
