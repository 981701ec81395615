import type { HandoverPage, TaskPage } from '@app/fhir/api/api-answers';
import type { TimeOption } from '@app/fhir/api/consultation-answers';
import { FormEvent, useEffect, useId, useState } from 'react';
import { DirectoryChoice, ownUnit } from '../api/directory';
import { useReferenceNames } from '../api/reference-names';
import { useApi } from '../api/use-api';
import { useSession } from '../auth/AuthProvider';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { DateInput } from '../components/DateInput';
import { isDayValue } from '../components/date-text';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate } from '../i18n/format';
import { categoryLabel } from '../i18n/labels';
import { Link, setQuery, useLocation } from '../routing/router';
import { findTimes, proposeConsultation } from './consultation-api';
import { hospitalDoctorsAt } from './hospital-doctors';
import { MeetingKind, meetingDescription } from './meeting-place';
import { gpOfStay } from './stay-tasks';
import { TimeOptionsPicker } from './TimeOptionsPicker';
import { RevolvingDoorMark } from '../collaboration/RevolvingDoorMark';
import { useDirectoryTexts } from '../collaboration/directory.texts';

const DAY = 86_400_000;
/** How far ahead the suggestions look: a consultation at discharge is only useful within a fortnight. */
const SEARCH_DAYS = 14;
const DURATIONS = [30, 45, 60];

/** YYYY-MM-DD of tomorrow in the browser's time: the first day worth searching. */
function tomorrow(): string {
  const date = new Date(Date.now() + DAY);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/**
 * "Planlegg felleskonsultasjon": pick the discharge, the hospital doctor and the length; Bro suggests times
 * when the doctor and the patient's GP are both free; the coordinator sends one to three of them.
 */
export function PlanConsultationPage() {
  const { t } = useLanguage();
  const session = useSession();
  // The consultations view is the GP's too; planning is the hospital's (the API refuses anyone else).
  if (session.role !== 'coordinator') {
    return (
      <section className="page">
        <p className="notice warning" role="alert">
          {t.common.forbidden}
        </p>
        <Link to="/consultations">{t.consultations.back}</Link>
      </section>
    );
  }
  return <PlanConsultationForm />;
}

function PlanConsultationForm() {
  const { t, language } = useLanguage();
  const { dt } = useDirectoryTexts();
  const c = t.consultations;
  const session = useSession();
  const id = useId();
  const { query } = useLocation();
  const handoverId = query.get('handover') ?? '';

  const handovers = useApi<HandoverPage>('/api/handovers?page=1&pageSize=100');
  const handover = handovers.data?.handovers.find((candidate) => candidate.id === handoverId);
  const stayTasks = useApi<TaskPage>(handover ? `/api/handovers/tasks?patient=${encodeURIComponent(handover.patient.id)}&pageSize=100` : null);
  const tasks = (stayTasks.data?.tasks ?? []).filter((task) => task.handoverId === handover?.id);
  const gp = gpOfStay(tasks);
  // Tasks name their owner by reference only; the directory gives the GP's name and office.
  const names = useReferenceNames([gp && !gp.display ? gp.reference : undefined]);

  const [doctors, setDoctors] = useState<DirectoryChoice[]>();
  const [doctorsError, setDoctorsError] = useState<Error>();
  const [doctor, setDoctor] = useState('');
  const [minutes, setMinutes] = useState(30);
  const [from, setFrom] = useState(tomorrow);
  const [suggestions, setSuggestions] = useState<TimeOption[]>();
  const [finding, setFinding] = useState(false);
  const [findError, setFindError] = useState<Error>();
  const [chosen, setChosen] = useState<TimeOption[]>([]);
  const [meeting, setMeeting] = useState<MeetingKind>('video');
  const [where, setWhere] = useState('');
  const [patientAttends, setPatientAttends] = useState(true);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [sent, setSent] = useState(false);

  useEffect(() => {
    ownUnit(session)
      .then((unit) => (unit ? hospitalDoctorsAt(unit.reference) : []))
      .then(setDoctors, setDoctorsError);
  }, [session]);

  // New inputs make the old suggestions and choices stale.
  useEffect(() => {
    setSuggestions(undefined);
    setChosen([]);
    setFindError(undefined);
  }, [handoverId, doctor, minutes, from, gp?.reference]);

  const search = async () => {
    if (!doctor || !gp) return;
    setFinding(true);
    setFindError(undefined);
    try {
      // A day not yet written in full searches from tomorrow, as an empty field did.
      const start = new Date(`${isDayValue(from) ? from : tomorrow()}T00:00`);
      const earliest = new Date(Math.max(start.getTime(), Date.now()));
      setSuggestions(await findTimes([doctor, gp.reference], earliest, new Date(start.getTime() + SEARCH_DAYS * DAY), minutes));
    } catch (error) {
      setFindError(error as Error);
    } finally {
      setFinding(false);
    }
  };

  const whereProblem = !where.trim() ? c.required : meeting === 'video' && !/^https:\/\/\S+$/.test(where.trim()) ? c.videoLinkInvalid : undefined;
  const [showProblems, setShowProblems] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowProblems(true);
    setProblem(undefined);
    if (!handover || !gp || !doctor || chosen.length === 0 || whereProblem) {
      if (chosen.length === 0) setProblem(c.noOption);
      return;
    }
    setSending(true);
    try {
      await proposeConsultation({
        encounterId: handover.encounterId,
        taskIds: tasks.map((task) => task.id),
        hospitalDoctor: doctor,
        gp: gp.reference,
        patientAttends,
        minutesDuration: minutes,
        options: chosen,
        description: meetingDescription(meeting, where),
      });
      setSent(true);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setSending(false);
    }
  };

  const patientName = handover?.patient.name ?? t.common.patientUnknown;
  return (
    <section className="page plan-consultation">
      <header className="page-header">
        <Link to="/consultations">← {c.back}</Link>
        <h1>{c.planTitle}</h1>
        <p className="lead">{c.planLead}</p>
      </header>

      {sent && (
        <div className="notice success" role="status">
          <strong>{c.sent}</strong> <Link to="/consultations">{c.back}</Link>
        </div>
      )}

      {handovers.loading && !handovers.data && <Loading />}
      {handovers.error && <ErrorMessage error={handovers.error} onRetry={handovers.reload} />}
      {handovers.data?.handovers.length === 0 && <EmptyState>{c.noStays}</EmptyState>}
      {handoverId && handovers.data && handovers.data.handovers.length > 0 && !handover && (
        <p className="notice warning" role="alert">
          {c.stayNotFound}
        </p>
      )}

      {handovers.data && handovers.data.handovers.length > 0 && !sent && (
        <form className="panel plan-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-stay`}>{c.stay}</label>
            <select id={`${id}-stay`} value={handoverId} onChange={(e) => setQuery({ handover: e.target.value })} required>
              <option value="">{c.chooseStay}</option>
              {handovers.data.handovers.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {c.stayOption(candidate.patient.name ?? t.common.patientUnknown, formatDate(candidate.receivedAt, language), candidate.tasks.total)}
                  {candidate.revolvingDoor ? ` – ${dt.revolvingDoor}` : ''}
                </option>
              ))}
            </select>
          </div>

          {handover && stayTasks.loading && !stayTasks.data && <Loading />}
          {stayTasks.error && <ErrorMessage error={stayTasks.error} onRetry={stayTasks.reload} />}
          {handover && stayTasks.data && (
            <>
              <h2 className="visually-hidden">{c.planForStay(patientName)}</h2>
              {handover.revolvingDoor && (
                <p className="notice warning" data-testid="plan-revolving-door">
                  <RevolvingDoorMark mark={handover.revolvingDoor} /> {dt.revolvingDoorTitle}
                </p>
              )}
              <div className="field">
                <span className="label">{c.gp}</span>
                {gp ? <p data-testid="consultation-gp">{gp.display ?? names.get(gp.reference) ?? gp.reference}</p> : <p className="notice warning">{c.noGp}</p>}
              </div>
              {tasks.length > 0 && (
                <div className="field">
                  <span className="label">{c.tasks}</span>
                  <ul className="plain">
                    {tasks.map((task) => (
                      <li key={task.id}>{[categoryLabel(task.category?.code, language), task.description].filter(Boolean).join(': ')}</li>
                    ))}
                  </ul>
                </div>
              )}

              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${id}-doctor`}>{c.hospitalDoctor}</label>
                  {doctorsError && <ErrorMessage error={doctorsError} />}
                  {!doctors && !doctorsError && <Loading />}
                  {doctors?.length === 0 && <p className="notice warning">{c.noDoctors}</p>}
                  {doctors && doctors.length > 0 && (
                    <select id={`${id}-doctor`} value={doctor} onChange={(e) => setDoctor(e.target.value)} required>
                      <option value="">{c.chooseDoctor}</option>
                      {doctors.map((choice) => (
                        <option key={choice.reference} value={choice.reference}>
                          {choice.name}
                        </option>
                      ))}
                    </select>
                  )}
                </div>
                <div className="field">
                  <label htmlFor={`${id}-minutes`}>{c.duration}</label>
                  <select id={`${id}-minutes`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
                    {DURATIONS.map((n) => (
                      <option key={n} value={n}>
                        {c.minutes(n)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-from`}>{c.searchFrom}</label>
                  <DateInput id={`${id}-from`} value={from} onChange={setFrom} />
                </div>
              </div>
              <button type="button" onClick={search} disabled={!doctor || !gp || finding}>
                {finding ? c.finding : c.findTimes}
              </button>

              {findError && <ErrorMessage error={findError} onRetry={search} />}
              {suggestions?.length === 0 && <EmptyState>{c.noTimes}</EmptyState>}
              {suggestions && suggestions.length > 0 && (
                <section aria-label={c.suggestions}>
                  <TimeOptionsPicker suggestions={suggestions} chosen={chosen} onChange={setChosen} />
                </section>
              )}

              {suggestions && suggestions.length > 0 && (
                <>
                  <fieldset>
                    <legend>{c.meeting}</legend>
                    {(['video', 'place'] as const).map((kind) => (
                      <label key={kind} className="choice">
                        <input type="radio" name={`${id}-meeting`} value={kind} checked={meeting === kind} onChange={() => setMeeting(kind)} /> {kind === 'video' ? c.video : c.place}
                      </label>
                    ))}
                  </fieldset>
                  <div className="field">
                    <label htmlFor={`${id}-where`}>{meeting === 'video' ? c.videoLink : c.placeName}</label>
                    <input
                      id={`${id}-where`}
                      value={where}
                      type={meeting === 'video' ? 'url' : 'text'}
                      placeholder={meeting === 'video' ? 'https://' : undefined}
                      onChange={(e) => setWhere(e.target.value)}
                      required
                      maxLength={500}
                      aria-invalid={showProblems && whereProblem ? true : undefined}
                      aria-describedby={showProblems && whereProblem ? `${id}-where-error` : undefined}
                    />
                    {showProblems && whereProblem && (
                      <span className="field-error" id={`${id}-where-error`}>
                        {whereProblem}
                      </span>
                    )}
                  </div>
                  <div className="field">
                    <label className="choice">
                      <input type="checkbox" checked={patientAttends} onChange={(e) => setPatientAttends(e.target.checked)} aria-describedby={`${id}-attends-hint`} /> {c.patientAttends}
                    </label>
                    <p className="hint" id={`${id}-attends-hint`}>
                      {c.patientAttendsHint}
                    </p>
                  </div>
                  {problem && (
                    <p className="notice error" role="alert">
                      {problem}
                    </p>
                  )}
                  <button type="submit" className="primary" disabled={sending}>
                    {sending ? c.sending : c.send}
                  </button>
                </>
              )}
            </>
          )}
        </form>
      )}
    </section>
  );
}
