import { HandoverPage, HandoverSummary } from '../api/types';
import { ApiState } from '../api/use-api';
import { Pagination } from '../components/Pagination';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDateTime } from '../i18n/format';
import { Link } from '../routing/router';
import { MultidoseBadge, useMultidoseBadges } from '../multidose/MultidoseBadge';
import { RevolvingDoorMark } from '../collaboration/RevolvingDoorMark';
import { useDirectoryTexts } from '../collaboration/directory.texts';

/** How a hand-over stands, in one word a coordinator scans for. */
function stateOf(handover: HandoverSummary): string {
  const tasks = handover.tasks;
  if (tasks.awaitingHospital > 0) return 'waitingForHospital';
  if (tasks.overdue > 0) return 'overdue';
  if (tasks.open > 0) return 'open';
  if (tasks.contested > 0) return 'contested';
  return 'allDone';
}

export function HandoverList({ handovers, onPage }: { handovers: ApiState<HandoverPage>; onPage(page: number): void }) {
  const { t, language } = useLanguage();
  const { dt } = useDirectoryTexts();
  const page = handovers.data;
  // Multidose patients still in one of the unit's beds (the unit sees the episode during the stay): one request a page.
  const multidose = useMultidoseBadges((page?.handovers ?? []).map((handover) => handover.patient.id));
  return (
    <section className="panel" aria-labelledby="handover-list-title">
      <h2 id="handover-list-title">{t.handovers.listTitle}</h2>
      {handovers.loading && !page && <Loading />}
      {handovers.error && <ErrorMessage error={handovers.error} onRetry={handovers.reload} />}
      {page?.handovers.length === 0 && <EmptyState>{t.handovers.listEmpty}</EmptyState>}
      {page && page.handovers.length > 0 && (
        <table className="handover-table">
          <thead>
            <tr>
              <th scope="col">{t.handovers.columns.receivedAt}</th>
              <th scope="col">{t.handovers.columns.patient}</th>
              <th scope="col" className="number">{t.handovers.columns.tasks}</th>
              <th scope="col" className="number">{t.handovers.columns.open}</th>
              <th scope="col" className="number">{t.handovers.columns.accepted}</th>
              <th scope="col" className="number">{t.handovers.columns.contested}</th>
              <th scope="col" className="number">{t.handovers.columns.completed}</th>
              <th scope="col" className="number">{t.handovers.columns.overdue}</th>
              <th scope="col">{t.handovers.columns.state}</th>
              <th scope="col">
                <span className="visually-hidden">{t.consultations.plan}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.handovers.map((handover) => {
              const state = stateOf(handover);
              return (
                <tr key={handover.id} data-handover-id={handover.id}>
                  <td>{formatDateTime(handover.receivedAt, language)}</td>
                  <td>
                    {handover.patient.name ?? t.common.patientUnknown}
                    <MultidoseBadge badge={multidose.data?.badges[handover.patient.id]} />
                    <RevolvingDoorMark mark={handover.revolvingDoor} />
                  </td>
                  <td className="number">{handover.tasks.total}</td>
                  <td className="number">{handover.tasks.open}</td>
                  <td className="number">{handover.tasks.accepted}</td>
                  <td className="number">{handover.tasks.contested}</td>
                  <td className="number">{handover.tasks.completed}</td>
                  <td className="number">{handover.tasks.overdue}</td>
                  <td>
                    <span className={`status handover-${state}`}>{t.handovers.state[state]}</span>
                  </td>
                  <td>
                    {/* A consultation at discharge settles who follows up what before the tasks are contested. */}
                    {handover.revolvingDoor?.proposeJointConsultation ? (
                      // A revolving-door stay without a joint consultation yet: the prompt to propose one.
                      <Link
                        to={`/consultations/new?handover=${encodeURIComponent(handover.id)}`}
                        className="button primary propose-joint"
                        data-testid="propose-joint-consultation"
                        aria-label={dt.proposeJointFor(handover.patient.name ?? t.common.patientUnknown)}
                      >
                        {dt.proposeJoint}
                      </Link>
                    ) : (
                      <Link to={`/consultations/new?handover=${encodeURIComponent(handover.id)}`} aria-label={t.consultations.planForStay(handover.patient.name ?? t.common.patientUnknown)}>
                        {t.consultations.plan}
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {page && <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={onPage} />}
    </section>
  );
}
