import type { ConsultationPage, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { useState } from 'react';
import { ApiError } from '../api/api-error';
import { useApi } from '../api/use-api';
import { useLanguage } from '../i18n/LanguageProvider';
import { useLiveNotifications } from '../live/LiveProvider';
import { Link } from '../routing/router';
import { consultationListPath } from './consultation-api';
import { CancelForm } from './CancelForm';
import { ConsultationSection } from './ConsultationSection';
import { OutcomeForm } from './OutcomeForm';
import { ActionMessage, ActionMessageValue } from '../components/ActionMessage';

type Message = ActionMessageValue;

/** The coordinator's consultations: awaiting answers and upcoming (either can be called off), and held ones whose outcome is to be recorded; live. */
export function CoordinatorConsultations() {
  const { t } = useLanguage();
  const c = t.consultations;
  const awaiting = useApi<ConsultationPage>(consultationListPath('awaiting-answers'));
  const upcoming = useApi<ConsultationPage>(consultationListPath('upcoming'));
  const toRecord = useApi<ConsultationPage>(consultationListPath('to-record'));
  const [message, setMessage] = useState<Message>();

  const reload = async () => {
    await Promise.all([awaiting.reload(), upcoming.reload(), toRecord.reload()]);
  };
  // A GP's answer, a booking or a cancellation moves consultations between the lists.
  useLiveNotifications(() => void reload());

  const doneWith = (saved: string) => async (error?: Error) => {
    await reload();
    if (!error) setMessage({ tone: 'info', text: saved });
    else setMessage({ tone: 'error', text: error instanceof ApiError && error.isStale ? c.staleVersion : error.message });
  };
  const outcomeDone = doneWith(c.outcomeSaved);
  const cancelDone = doneWith(c.cancelledMessage);
  const cancelAction = (consultation: ConsultationSummary) => <CancelForm consultation={consultation} onDone={cancelDone} />;

  return (
    <>
      <header className="page-header with-action">
        <div>
          <h1>{c.title}</h1>
          <p className="lead">{c.lead}</p>
        </div>
        <Link to="/consultations/new" className="button primary">
          {c.plan}
        </Link>
      </header>
      <ActionMessage message={message} />
      <ConsultationSection id="consultations-awaiting" title={c.awaitingTitle} empty={c.awaitingEmpty} list={awaiting} actions={cancelAction} />
      <ConsultationSection id="consultations-upcoming" title={c.upcomingTitle} empty={c.upcomingEmpty} list={upcoming} actions={cancelAction} />
      <ConsultationSection
        id="consultations-to-record"
        title={c.toRecordTitle}
        empty={c.toRecordEmpty}
        list={toRecord}
        actions={(consultation) => <OutcomeForm consultation={consultation} onDone={outcomeDone} />}
      />
    </>
  );
}
