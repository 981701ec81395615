import { useSession } from '../auth/AuthProvider';
import { useLanguage } from '../i18n/LanguageProvider';
import { CoordinatorConsultations } from './CoordinatorConsultations';
import { GpConsultations } from './GpConsultations';

/** Joint discharge consultations: the coordinator plans and records them, the GP answers and attends. */
export function ConsultationsPage() {
  const { t } = useLanguage();
  const { role } = useSession();
  if (role === 'coordinator') {
    return (
      <section className="page consultations">
        <CoordinatorConsultations />
      </section>
    );
  }
  return (
    <section className="page consultations">
      <header className="page-header">
        <h1>{t.consultations.title}</h1>
        <p className="lead">{t.consultations.gpLead}</p>
      </header>
      <GpConsultations />
    </section>
  );
}
