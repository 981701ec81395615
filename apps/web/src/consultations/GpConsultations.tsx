import type { ConsultationAnswerRequest, ConsultationPage, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { useState } from 'react';
import { ApiError } from '../api/api-error';
import { useApi } from '../api/use-api';
import { useLanguage } from '../i18n/LanguageProvider';
import { useLiveNotifications } from '../live/LiveProvider';
import { answerConsultation, consultationListPath } from './consultation-api';
import { ConsultationSection } from './ConsultationSection';
import { InvitationAnswerForm } from './InvitationAnswerForm';
import { ActionMessage, ActionMessageValue } from '../components/ActionMessage';

type Message = ActionMessageValue;

/**
 * The GP's side: invitations to answer, and the consultations they have agreed to (with the video link); live.
 * In the inbox only the invitations show, and only when there are any: the tasks stay the inbox's main list.
 */
export function GpConsultations({ inInbox = false }: { inInbox?: boolean }) {
  const { t } = useLanguage();
  const c = t.consultations;
  const invitations = useApi<ConsultationPage>(consultationListPath('invitations'));
  const upcoming = useApi<ConsultationPage>(inInbox ? null : consultationListPath('upcoming'));
  const [message, setMessage] = useState<Message>();

  const reload = async () => {
    await Promise.all([invitations.reload(), upcoming.reload()]);
  };
  useLiveNotifications(() => void reload());

  const answer = async (consultation: ConsultationSummary, request: ConsultationAnswerRequest): Promise<boolean> => {
    let outcome: Message;
    let ok = false;
    try {
      const after = await answerConsultation(consultation.id, request);
      outcome = { tone: 'info', text: after.status === 'booked' ? c.booked : c.answered };
      ok = true;
    } catch (error) {
      outcome = { tone: 'error', text: error instanceof ApiError && error.isStale ? c.staleVersion : (error as Error).message };
    }
    await reload();
    setMessage(outcome);
    return ok;
  };

  return (
    <div className="gp-consultations">
      <ActionMessage message={message} />
      <ConsultationSection
        id="consultation-invitations"
        title={c.invitationsTitle}
        empty={c.invitationsEmpty}
        list={invitations}
        hideEmpty={inInbox}
        actions={(consultation) => <InvitationAnswerForm consultation={consultation} onAnswer={(request) => answer(consultation, request)} />}
      />
      {!inInbox && <ConsultationSection id="consultation-gp-upcoming" title={c.gpUpcomingTitle} empty={c.gpUpcomingEmpty} list={upcoming} />}
    </div>
  );
}
