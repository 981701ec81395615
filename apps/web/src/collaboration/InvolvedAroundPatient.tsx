import { useId, useState } from 'react';
import type { DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { ApiError } from '../api/api-error';
import { useApi } from '../api/use-api';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { DirectoryCard } from './DirectoryCard';
import { directorySearchPath } from './directory-search-api';
import { useDirectoryTexts } from './directory.texts';

/**
 * "Involvert rundt pasienten": the units, services and people already in the patient's care (the directory's
 * search with patient=), each with how to reach it. Asked for on opening only: the API audits the look-up.
 */
export function InvolvedAroundPatient({ patientId, headingLevel = 2 }: { patientId: string; /** Its heading's level where it sits (a page's section 2, inside a task's panel 4). */ headingLevel?: 2 | 4 }) {
  const { dt } = useDirectoryTexts();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const Heading = headingLevel === 4 ? 'h4' : 'h2';
  return (
    <section className="panel involved-around-patient" aria-labelledby={`${listId}-title`}>
      <Heading id={`${listId}-title`}>{dt.involvedTitle}</Heading>
      <button type="button" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        {open ? dt.involvedHide : dt.involvedShow}
      </button>
      <div id={listId} hidden={!open}>
        {open && <InvolvedList patientId={patientId} />}
      </div>
    </section>
  );
}

function InvolvedList({ patientId }: { patientId: string }) {
  const { dt } = useDirectoryTexts();
  const involved = useApi<DirectorySearchPage>(directorySearchPath({ patient: patientId, pageSize: 50 }));
  if (involved.loading) return <Loading />;
  if (involved.error instanceof ApiError && involved.error.status === 404) return <EmptyState>{dt.involvedUnknown}</EmptyState>;
  if (involved.error) return <ErrorMessage error={involved.error} onRetry={involved.reload} />;
  const entries = involved.data?.entries ?? [];
  return (
    <>
      <p className="lead">{dt.involvedLead}</p>
      {entries.length === 0 ? (
        <EmptyState>{dt.involvedEmpty}</EmptyState>
      ) : (
        <ul className="directory-list involved-list" data-testid="involved-list">
          {entries.map((entry) => (
            <li key={entry.reference}>
              <DirectoryCard entry={entry} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
