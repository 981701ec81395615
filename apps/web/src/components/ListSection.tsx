import { ReactNode } from 'react';
import { ApiState } from '../api/use-api';
import { EmptyState, ErrorMessage, Loading } from './StateViews';

/**
 * A titled panel around a list from the API: the total beside the title, loading, error with retry, and
 * the empty state saying what to do; `children` is the list itself (left out by the caller when empty).
 */
export function ListSection({ id, title, empty, state, total, shown, children }: {
  id: string;
  title: string;
  empty: ReactNode;
  state: ApiState<unknown>;
  /** All the rows there are (shown in the title when any). */
  total?: number;
  /** The rows on this page: the empty state shows at 0. */
  shown?: number;
  children?: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>
        {title}
        {total ? <span className="consultation-count"> ({total})</span> : null}
      </h2>
      {state.loading && !state.data && <Loading />}
      {state.error && <ErrorMessage error={state.error} onRetry={state.reload} />}
      {shown === 0 && <EmptyState>{empty}</EmptyState>}
      {children}
    </section>
  );
}
