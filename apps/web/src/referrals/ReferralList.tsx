import type { ReferralPage, ReferralSummary } from '@app/fhir/api/referral-answers';
import { ReactNode } from 'react';
import { ApiState } from '../api/use-api';
import { ListSection } from '../components/ListSection';
import { Pagination } from '../components/Pagination';
import { ReferralCard } from './ReferralCard';

/** A titled, paged list of referrals; `actions` adds what each one offers the viewer. */
export function ReferralList({ id, title, empty, list, showReferrer, actions, onPage }: {
  id: string;
  title: string;
  empty: ReactNode;
  list: ApiState<ReferralPage>;
  showReferrer?: boolean;
  actions?: (referral: ReferralSummary) => ReactNode;
  onPage(page: number): void;
}) {
  const page = list.data;
  return (
    <ListSection id={id} title={title} empty={empty} state={list} total={page?.total} shown={page?.referrals.length}>
      {page && page.referrals.length > 0 && (
        <div className="consultation-list">
          {page.referrals.map((referral) => (
            <ReferralCard key={referral.id} referral={referral} showReferrer={showReferrer}>
              {actions?.(referral)}
            </ReferralCard>
          ))}
        </div>
      )}
      {page && <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={onPage} />}
    </ListSection>
  );
}
