import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { apiRequest } from '../api/api-client';
import { DirectoryChoice, ownUnit } from '../api/directory';
import { useReferenceNames } from '../api/reference-names';
import { useSession } from '../auth/AuthProvider';
import { DateInput } from '../components/DateInput';
import { localDateTimeValue } from '../components/date-text';
import { ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryOptions } from '../i18n/labels';
import { Link } from '../routing/router';
import { HandoverMultidoseNote } from '../multidose/HandoverMultidoseNote';
import { HandoverDraft, HandoverTaskDraft, createdTasks, handoverTransaction, personNumberSystem } from './handover-bundle';
import { useHandoverFormTexts } from './handover-form.texts';
import { HandoverFieldKey, HandoverFormErrors, HandoverFormFields, fieldOrder, validateHandoverForm } from './handover-form.validation';
import { HandoverRecipientPreview, useHandoverRecipient } from './HandoverRecipientPreview';

const HOUR = 3_600_000;

const emptyTask = (): HandoverTaskDraft => ({ category: '', description: '', priority: 'routine', due: '' });

function freshForm(): HandoverFormFields {
  const now = new Date();
  return { personNumber: '', givenName: '', familyName: '', admittedAt: localDateTimeValue(new Date(now.getTime() - 72 * HOUR)), dischargedAt: localDateTimeValue(now), tasks: [emptyTask()] };
}

interface Sent {
  handoverId?: string;
  patientName: string;
  tasks: ReturnType<typeof createdTasks>;
}

/** The coordinator's hand-over form: posts the same FHIR transaction Bundle as a hospital system. */
export function HandoverFormPage() {
  const { t, language } = useLanguage();
  const h = useHandoverFormTexts();
  const session = useSession();
  const id = useId();
  const [unit, setUnit] = useState<DirectoryChoice | null>();
  const [unitError, setUnitError] = useState<Error>();
  const [form, setForm] = useState<HandoverFormFields>(freshForm);
  // One id per filled-in form: a second click or a retry after a timeout hands over once.
  const [ids, setIds] = useState(() => ({ handoverId: crypto.randomUUID(), stayId: crypto.randomUUID() }));
  const [errors, setErrors] = useState<HandoverFormErrors>({});
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [sent, setSent] = useState<Sent>();
  const names = useReferenceNames((sent?.tasks ?? []).map((task) => (task.owner?.display ? undefined : task.owner?.reference)));
  const confirmation = useRef<HTMLDivElement>(null);
  const problemLine = useRef<HTMLParagraphElement>(null);

  const personNumber = form.personNumber.trim();
  const validNumber = personNumberSystem(personNumber) ? personNumber : undefined;
  const lookup = useHandoverRecipient(validNumber);
  const known = lookup.state === 'found' ? Boolean(lookup.answer.patient) : undefined;

  useEffect(() => {
    ownUnit(session).then((found) => setUnit(found ?? null), setUnitError);
  }, [session]);

  // The confirmation appears where the user is: beside the button they pressed, and it takes the focus.
  useEffect(() => {
    if (sent) confirmation.current?.focus();
  }, [sent]);

  const validate = (fields: HandoverFormFields) => validateHandoverForm(fields, known, { ...h, fodselsnummerInvalid: t.handoverForm.fodselsnummerInvalid, dischargeBeforeAdmission: t.handoverForm.dischargeBeforeAdmission });

  const set = (patch: Partial<HandoverFormFields>) => {
    const next = { ...form, ...patch };
    setForm(next);
    setSent(undefined);
    // Once the user has been told what is wrong, the marks follow their corrections as they type.
    if (Object.keys(errors).length) setErrors(validate(next));
  };
  const setTask = (index: number, patch: Partial<HandoverTaskDraft>) => set({ tasks: form.tasks.map((task, i) => (i === index ? { ...task, ...patch } : task)) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(form);
    setErrors(found);
    setProblem(undefined);
    const wrong = fieldOrder(form).filter((key) => found[key]);
    if (wrong.length) {
      setProblem(h.fixErrors(wrong.length));
      document.getElementById(`${id}-${wrong[0]}`)?.focus();
      return;
    }
    if (!unit) return;
    const draft: HandoverDraft = {
      ...ids,
      personNumber,
      givenName: form.givenName,
      familyName: form.familyName,
      admittedAt: new Date(form.admittedAt).toISOString(),
      dischargedAt: new Date(form.dischargedAt).toISOString(),
      tasks: form.tasks,
    };
    const patientName =
      (lookup.state === 'found' && lookup.answer.patient?.name) || [form.givenName.trim(), form.familyName.trim()].filter(Boolean).join(' ') || personNumber;
    setSending(true);
    try {
      const response = await apiRequest<{ entry?: Array<{ resource?: Record<string, unknown> }> }>('/fhir/R4', { method: 'POST', body: handoverTransaction(draft, unit.reference) });
      const tasks = createdTasks(response);
      setSent({ handoverId: tasks.find((task) => task.handoverId)?.handoverId, patientName, tasks });
      setForm(freshForm());
      setErrors({});
      setIds({ handoverId: crypto.randomUUID(), stayId: crypto.randomUUID() });
    } catch (error) {
      setProblem((error as Error).message);
      problemLine.current?.focus();
    } finally {
      setSending(false);
    }
  };

  const fieldId = (key: HandoverFieldKey) => `${id}-${key}`;
  const fieldError = (key: HandoverFieldKey) =>
    errors[key] ? (
      <span className="field-error" id={`${fieldId(key)}-error`}>
        {errors[key]}
      </span>
    ) : null;
  const invalid = (key: HandoverFieldKey) => ({ 'aria-invalid': Boolean(errors[key]), 'aria-describedby': errors[key] ? `${fieldId(key)}-error` : undefined });

  return (
    <section className="page handover-form">
      <header className="page-header">
        <Link to="/handovers">← {t.handoverForm.back}</Link>
        <h1>{t.handoverForm.title}</h1>
        <p className="lead">{t.handoverForm.lead}</p>
      </header>
      {unit === undefined && !unitError && <Loading />}
      {unitError && <ErrorMessage error={unitError} />}
      {unit === null && (
        <p className="notice error" role="alert">
          {t.handoverForm.unitMissing}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t.handoverForm.patient}</legend>
          <div className="field">
            <label htmlFor={fieldId('personNumber')}>{t.handoverForm.fodselsnummer}</label>
            <input
              id={fieldId('personNumber')}
              inputMode="numeric"
              autoComplete="off"
              maxLength={11}
              value={form.personNumber}
              onChange={(e) => set({ personNumber: e.target.value.replace(/\s/g, '') })}
              {...invalid('personNumber')}
              required
            />
            {fieldError('personNumber')}
          </div>
          <HandoverRecipientPreview lookup={lookup} />
          <HandoverMultidoseNote system={personNumberSystem(personNumber)} value={personNumber} />
          {/* A patient Bro knows keeps the name the population register gave; only a new one needs it here. */}
          {!known && (
            <div className="field-row">
              <div className="field">
                <label htmlFor={fieldId('givenName')}>{t.handoverForm.givenName}</label>
                <input id={fieldId('givenName')} value={form.givenName} onChange={(e) => set({ givenName: e.target.value })} autoComplete="off" {...invalid('givenName')} required={known === false} />
                {fieldError('givenName')}
              </div>
              <div className="field">
                <label htmlFor={fieldId('familyName')}>{t.handoverForm.familyName}</label>
                <input id={fieldId('familyName')} value={form.familyName} onChange={(e) => set({ familyName: e.target.value })} autoComplete="off" {...invalid('familyName')} required={known === false} />
                {fieldError('familyName')}
              </div>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>{t.handoverForm.stay}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={fieldId('admittedAt')}>{t.handoverForm.admittedAt}</label>
              <DateInput id={fieldId('admittedAt')} withTime value={form.admittedAt} onChange={(admittedAt) => set({ admittedAt })} {...invalid('admittedAt')} required />
              {fieldError('admittedAt')}
            </div>
            <div className="field">
              <label htmlFor={fieldId('dischargedAt')}>{t.handoverForm.dischargedAt}</label>
              <DateInput id={fieldId('dischargedAt')} withTime value={form.dischargedAt} onChange={(dischargedAt) => set({ dischargedAt })} {...invalid('dischargedAt')} required />
              {fieldError('dischargedAt')}
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.handoverForm.tasks}</legend>
          {form.tasks.map((task, index) => (
            <fieldset key={index} className="task-draft">
              <legend>{t.handoverForm.task(index + 1)}</legend>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={fieldId(`task-${index}-category`)}>{t.handoverForm.category}</label>
                  <select
                    id={fieldId(`task-${index}-category`)}
                    value={task.category}
                    onChange={(e) => setTask(index, { category: e.target.value as HandoverTaskDraft['category'] })}
                    {...invalid(`task-${index}-category`)}
                    required
                  >
                    <option value="">{t.handoverForm.chooseCategory}</option>
                    {categoryOptions(language).map((option) => (
                      <option key={option.code} value={option.code}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                  {fieldError(`task-${index}-category`)}
                </div>
                <div className="field">
                  <label htmlFor={`${id}-prio-${index}`}>{t.handoverForm.priority}</label>
                  <select id={`${id}-prio-${index}`} value={task.priority} onChange={(e) => setTask(index, { priority: e.target.value as HandoverTaskDraft['priority'] })}>
                    {(['routine', 'urgent', 'asap'] as const).map((priority) => (
                      <option key={priority} value={priority}>
                        {t.priority[priority]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={fieldId(`task-${index}-due`)}>{t.handoverForm.due}</label>
                  <DateInput id={fieldId(`task-${index}-due`)} value={task.due} onChange={(due) => setTask(index, { due })} {...invalid(`task-${index}-due`)} />
                  {fieldError(`task-${index}-due`)}
                </div>
              </div>
              <div className="field">
                <label htmlFor={fieldId(`task-${index}-description`)}>{t.handoverForm.description}</label>
                <textarea
                  id={fieldId(`task-${index}-description`)}
                  rows={2}
                  maxLength={2000}
                  value={task.description}
                  onChange={(e) => setTask(index, { description: e.target.value })}
                  {...invalid(`task-${index}-description`)}
                  required
                />
                {fieldError(`task-${index}-description`)}
              </div>
              {form.tasks.length > 1 && (
                <button type="button" onClick={() => set({ tasks: form.tasks.filter((_, i) => i !== index) })}>
                  {t.handoverForm.removeTask(index + 1)}
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" onClick={() => set({ tasks: [...form.tasks, emptyTask()] })}>
            {t.handoverForm.addTask}
          </button>
        </fieldset>
        {problem && (
          <p className="notice error" role="alert" tabIndex={-1} ref={problemLine}>
            {problem}
          </p>
        )}
        <button type="submit" className="primary large" disabled={sending || !unit}>
          {sending ? t.handoverForm.sending : t.handoverForm.submit}
        </button>
        <div className="handover-sent" role="status" aria-live="polite">
          {sent && (
            <div className="notice success" tabIndex={-1} ref={confirmation} data-testid="handover-sent">
              <strong>{h.sentFor(sent.patientName, sent.tasks.length)}</strong>
              <ul>
                {sent.tasks.map((task) => (
                  <li key={task.id}>{task.owner ? t.handoverForm.ownerFound(task.owner.display ?? names.get(task.owner.reference ?? '') ?? task.owner.reference ?? '') : t.handoverForm.noGp}</li>
                ))}
              </ul>
              {sent.handoverId && <Link to={`/handovers/${encodeURIComponent(sent.handoverId)}`}>{h.showHandover}</Link>}
            </div>
          )}
        </div>
      </form>
    </section>
  );
}
