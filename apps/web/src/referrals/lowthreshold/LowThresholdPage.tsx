import { useLocation } from '../../routing/router';
import { caseIdOfPath } from './triage-links';
import { TriageCaseView } from './TriageCaseView';
import { TriageQueue } from './TriageQueue';

/** The low-threshold service's work: the queue of routed cases, and one case with its contact log and outcome. */
export function LowThresholdPage() {
  const { path } = useLocation();
  const caseId = caseIdOfPath(path);
  return caseId ? <TriageCaseView key={caseId} id={caseId} /> : <TriageQueue />;
}
