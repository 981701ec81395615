import type { ConsultationPage, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { ReactNode } from 'react';
import { ApiState } from '../api/use-api';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { ConsultationCard } from './ConsultationCard';

/** A titled list of consultations with its loading, error and empty states; `actions` adds what each one offers. */
export function ConsultationSection({
  id,
  title,
  empty,
  list,
  actions,
  hideEmpty = false,
}: {
  id: string;
  title: string;
  empty: ReactNode;
  list: ApiState<ConsultationPage>;
  actions?: (consultation: ConsultationSummary) => ReactNode;
  /** Where the list is a guest (the inbox), an empty list takes no room. */
  hideEmpty?: boolean;
}) {
  const page = list.data;
  if (hideEmpty && !list.error && (!page || page.consultations.length === 0)) return null;
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>
        {title}
        {page && page.total > 0 ? <span className="consultation-count"> ({page.total})</span> : null}
      </h2>
      {list.loading && !page && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {page?.consultations.length === 0 && <EmptyState>{empty}</EmptyState>}
      {page && page.consultations.length > 0 && (
        <div className="consultation-list">
          {page.consultations.map((consultation) => (
            <ConsultationCard key={consultation.id} consultation={consultation}>
              {actions?.(consultation)}
            </ConsultationCard>
          ))}
        </div>
      )}
    </section>
  );
}
