import { useEffect } from 'react';
import { AuthProvider, useAuth } from './auth/AuthProvider';
import { CallbackPage } from './auth/CallbackPage';
import { RestoringSessionPage } from './auth/RestoringSessionPage';
import { SignInPage } from './auth/SignInPage';
import { BoardPage } from './board/BoardPage';
import { isKioskBoard } from './board/kiosk-mode';
import { AppShell } from './components/AppShell';
import { ConsultationsPage } from './consultations/ConsultationsPage';
import { PlanConsultationPage } from './consultations/PlanConsultationPage';
import { CoordinatorPage } from './coordinator/CoordinatorPage';
import { HandoverFormPage } from './coordinator/HandoverFormPage';
import { HandoverDetailsPage } from './coordinator/HandoverDetailsPage';
import { InboxPage } from './inbox/InboxPage';
import { LanguageProvider, useLanguage } from './i18n/LanguageProvider';
import { LiveProvider } from './live/LiveProvider';
import { OfficeCapabilityPage } from './multidose/admin/OfficeCapabilityPage';
import { EpisodeTimelinePage } from './multidose/EpisodeTimelinePage';
import { MultidosePatientsPage } from './multidose/MultidosePatientsPage';
import { QualityPage } from './quality/QualityPage';
import { LowThresholdPage } from './referrals/lowthreshold/LowThresholdPage';
import { ReferralsPage } from './referrals/ReferralsPage';
import { RoutingRulesPage } from './referrals/admin/RoutingRulesPage';
import { Link, navigate, useLocation } from './routing/router';
import { homePathFor, viewOfPath } from './routing/views';

/** Bro's web app: sign-in, then the views the signed-in role may use. */
export function App() {
  return (
    <LanguageProvider>
      <AuthProvider>
        <LiveProvider>
          <Routes />
        </LiveProvider>
      </AuthProvider>
    </LanguageProvider>
  );
}

function Routes() {
  const { session, notice, restoring } = useAuth();
  const { path, query } = useLocation();
  const { t } = useLanguage();

  const home = session ? homePathFor(session.role) : '/';
  useEffect(() => {
    if (session && path === '/') navigate(home, { replace: true });
  }, [session, path, home]);

  if (path === '/callback') return <CallbackPage />;
  if (!session) return restoring ? <RestoringSessionPage /> : <SignInPage notice={notice} />;

  const view = viewOfPath(path);
  let content;
  if (!view) content = path === '/' ? null : <Problem text={t.common.notFound} home={home} />;
  else if (!view.roles.includes(session.role)) content = <Problem text={t.common.forbidden} home={home} />;
  else if (path === '/handovers/new') content = <HandoverFormPage />;
  // One hand-over, opened from the list (/handovers/<id>).
  else if (view.id === 'handovers' && path !== view.path) content = <HandoverDetailsPage key={path} id={decodeURIComponent(path.slice(view.path.length + 1))} />;
  else if (path === '/consultations/new') content = <PlanConsultationPage />;
  else if (view.id === 'inbox') content = <InboxPage />;
  else if (view.id === 'handovers') content = <CoordinatorPage />;
  else if (view.id === 'consultations') content = <ConsultationsPage />;
  else if (view.id === 'referrals') content = <ReferralsPage />;
  else if (view.id === 'lowthreshold') content = <LowThresholdPage />;
  else if (view.id === 'routingRules') content = <RoutingRulesPage />;
  else if (view.id === 'multidoseOffices') content = <OfficeCapabilityPage />;
  else if (view.id === 'multidosePatients')
    content = path === view.path ? <MultidosePatientsPage /> : <EpisodeTimelinePage key={path} patientId={decodeURIComponent(path.slice(view.path.length + 1))} />;
  else if (view.id === 'board') content = <BoardPage />;
  else content = <QualityPage />;
  // A wall screen in kiosk mode: the board alone, without the menu and the header.
  if (view?.id === 'board' && view.roles.includes(session.role) && isKioskBoard(query))
    return (
      <main id="main" className="kiosk">
        {content}
      </main>
    );
  return <AppShell>{content}</AppShell>;
}

function Problem({ text, home }: { text: string; home: string }) {
  const { t } = useLanguage();
  return (
    <section className="page">
      <p className="notice warning" role="alert">
        {text}
      </p>
      <Link to={home}>{t.common.goHome}</Link>
    </section>
  );
}
