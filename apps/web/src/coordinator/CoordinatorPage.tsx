import { useState } from 'react';
import { HandoverPage, TaskPage } from '../api/types';
import { useApi } from '../api/use-api';
import { useLanguage } from '../i18n/LanguageProvider';
import { useLiveNotifications } from '../live/LiveProvider';
import { Link, setQuery, useLocation } from '../routing/router';
import { ContestedTasks } from './ContestedTasks';
import { HandoverList } from './HandoverList';
import { UnassignedTasks } from './UnassignedTasks';
import { QuestionsFromGps } from './QuestionsFromGps';

/** The discharge coordinator's view: contested tasks and tasks with no GP to act on first, then the unit's hand-overs; live. */
export function CoordinatorPage() {
  const { t } = useLanguage();
  const { query } = useLocation();
  const page = Math.max(1, Number(query.get('page')) || 1);
  const search = query.get('q') ?? '';
  const contested = useApi<TaskPage>('/api/handovers/tasks?status=rejected&awaiting=hospital&pageSize=100');
  const unassigned = useApi<TaskPage>('/api/handovers/tasks?owner=none&pageSize=100');
  const handovers = useApi<HandoverPage>(`/api/handovers?page=${page}&pageSize=20${search ? `&q=${encodeURIComponent(search)}` : ''}`);
  const [message, setMessage] = useState<string>();

  /** Refreshes the lists, then says what happened (so the message never runs ahead of the screen). */
  const reload = async (text?: string) => {
    await Promise.all([contested.reload(), unassigned.reload(), handovers.reload()]);
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
      <UnassignedTasks unassigned={unassigned} onChanged={reload} />
      <QuestionsFromGps />
      <HandoverList
        handovers={handovers}
        search={search}
        onSearch={(q) => setQuery({ q: q || undefined })}
        onPage={(next) => setQuery({ page: String(next), q: search || undefined })}
      />
    </section>
  );
}
