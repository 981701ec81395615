import type { ConsultationPage, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { ReactNode } from 'react';
import { ApiState } from '../api/use-api';
import { ListSection } from '../components/ListSection';
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
    <ListSection id={id} title={title} empty={empty} state={list} total={page?.total} shown={page?.consultations.length}>
      {page && page.consultations.length > 0 && (
        <div className="consultation-list">
          {page.consultations.map((consultation) => (
            <ConsultationCard key={consultation.id} consultation={consultation}>
              {actions?.(consultation)}
            </ConsultationCard>
          ))}
        </div>
      )}
    </ListSection>
  );
}
