import { useState } from 'react';
import { HandoverPage, TaskPage } from '../api/types';
import { useApi } from '../api/use-api';
import { useLanguage } from '../i18n/LanguageProvider';
import { useLiveNotifications } from '../live/LiveProvider';
import { Link, setQuery, useLocation } from '../routing/router';
import { ContestedTasks } from './ContestedTasks';
import { HandoverList } from './HandoverList';

/** The discharge coordinator's view: contested tasks to act on first, then the unit's hand-overs; live. */
export function CoordinatorPage() {
  const { t } = useLanguage();
  const { query } = useLocation();
  const page = Math.max(1, Number(query.get('page')) || 1);
  const contested = useApi<TaskPage>('/api/handovers/tasks?status=rejected&awaiting=hospital&pageSize=100');
  const handovers = useApi<HandoverPage>(`/api/handovers?page=${page}&pageSize=20`);
  const [message, setMessage] = useState<string>();

  /** Refreshes both lists, then says what happened (so the message never runs ahead of the screen). */
  const reload = async (text?: string) => {
    await Promise.all([contested.reload(), handovers.reload()]);
    if (text !== undefined) setMessage(text || undefined);
  };

  // A GP contesting, accepting or completing a task changes what is shown here.
  useLiveNotifications(() => void reload());

  return (
    <section className="page coordinator">
      <header className="page-header with-action">
        <div>
          <h1>{t.handovers.title}</h1>
          <p className="lead">{t.handovers.lead}</p>
        </div>
        <Link to="/handovers/new" className="button primary">
          {t.handovers.newHandover}
        </Link>
      </header>
      <div className="message-line" role="status" aria-live="polite">
        {message}
      </div>
      <ContestedTasks contested={contested} onChanged={reload} />
      <HandoverList handovers={handovers} onPage={(next) => setQuery({ page: String(next) })} />
    </section>
  );
}
