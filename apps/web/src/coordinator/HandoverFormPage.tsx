import { FormEvent, useEffect, useId, useState } from 'react';
import { apiRequest } from '../api/api-client';
import { DirectoryChoice, ownUnit } from '../api/directory';
import { useReferenceNames } from '../api/reference-names';
import { useSession } from '../auth/AuthProvider';
import { ErrorMessage, Loading } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { categoryOptions } from '../i18n/labels';
import { Link } from '../routing/router';
import { HandoverMultidoseNote } from '../multidose/HandoverMultidoseNote';
import { HandoverDraft, HandoverTaskDraft, createdTasks, handoverTransaction, personNumberSystem } from './handover-bundle';

const HOUR = 3_600_000;

/** A datetime-local value (the browser's local time) for an instant. */
function localInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

const emptyTask = (): HandoverTaskDraft => ({ category: '', description: '', priority: 'routine', due: '' });

interface FormFields {
  personNumber: string;
  givenName: string;
  familyName: string;
  admittedAt: string;
  dischargedAt: string;
  tasks: HandoverTaskDraft[];
}

function freshForm(): FormFields {
  const now = new Date();
  return { personNumber: '', givenName: '', familyName: '', admittedAt: localInput(new Date(now.getTime() - 72 * HOUR)), dischargedAt: localInput(now), tasks: [emptyTask()] };
}

type Errors = Partial<Record<'personNumber' | 'admittedAt' | 'dischargedAt' | `task-${number}`, string>>;

/** The coordinator's hand-over form: posts the same FHIR transaction Bundle as a hospital system. */
export function HandoverFormPage() {
  const { t, language } = useLanguage();
  const session = useSession();
  const id = useId();
  const [unit, setUnit] = useState<DirectoryChoice | null>();
  const [unitError, setUnitError] = useState<Error>();
  const [form, setForm] = useState<FormFields>(freshForm);
  // One id per filled-in form: a second click or a retry after a timeout hands over once.
  const [ids, setIds] = useState(() => ({ handoverId: crypto.randomUUID(), stayId: crypto.randomUUID() }));
  const [errors, setErrors] = useState<Errors>({});
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [result, setResult] = useState<ReturnType<typeof createdTasks>>();
  const names = useReferenceNames((result ?? []).map((task) => (task.owner?.display ? undefined : task.owner?.reference)));

  useEffect(() => {
    ownUnit(session).then((found) => setUnit(found ?? null), setUnitError);
  }, [session]);

  const set = (patch: Partial<FormFields>) => {
    const next = { ...form, ...patch };
    setForm(next);
    setResult(undefined);
    // Once the user has been told what is wrong, the marks follow their corrections as they type.
    if (Object.keys(errors).length) setErrors(validate(next));
  };
  const setTask = (index: number, patch: Partial<HandoverTaskDraft>) => set({ tasks: form.tasks.map((task, i) => (i === index ? { ...task, ...patch } : task)) });

  function validate(fields: FormFields): Errors {
    const found: Errors = {};
    if (!personNumberSystem(fields.personNumber.trim())) found.personNumber = t.handoverForm.fodselsnummerInvalid;
    if (!fields.admittedAt) found.admittedAt = t.handoverForm.required;
    if (!fields.dischargedAt) found.dischargedAt = t.handoverForm.required;
    else if (fields.admittedAt && new Date(fields.dischargedAt) < new Date(fields.admittedAt)) found.dischargedAt = t.handoverForm.dischargeBeforeAdmission;
    fields.tasks.forEach((task, index) => {
      if (!task.category) found[`task-${index}`] = t.handoverForm.required;
    });
    return found;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(form);
    setErrors(found);
    setProblem(undefined);
    if (Object.keys(found).length) {
      setProblem(t.handoverForm.fixErrors);
      return;
    }
    if (!unit) return;
    const draft: HandoverDraft = {
      ...ids,
      personNumber: form.personNumber.trim(),
      givenName: form.givenName,
      familyName: form.familyName,
      admittedAt: new Date(form.admittedAt).toISOString(),
      dischargedAt: new Date(form.dischargedAt).toISOString(),
      tasks: form.tasks,
    };
    setSending(true);
    try {
      const response = await apiRequest<{ entry?: Array<{ resource?: Record<string, unknown> }> }>('/fhir/R4', { method: 'POST', body: handoverTransaction(draft, unit.reference) });
      setResult(createdTasks(response));
      setForm(freshForm());
      setIds({ handoverId: crypto.randomUUID(), stayId: crypto.randomUUID() });
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setSending(false);
    }
  };

  const fieldError = (key: keyof Errors) =>
    errors[key] ? (
      <span className="field-error" id={`${id}-${key}-error`}>
        {errors[key]}
      </span>
    ) : null;
  const describedBy = (key: keyof Errors) => (errors[key] ? `${id}-${key}-error` : undefined);

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
      {result && (
        <div className="notice success" role="status">
          <strong>{t.handoverForm.sent(result.length)}</strong>
          <ul>
            {result.map((task) => (
              <li key={task.id}>{task.owner ? t.handoverForm.ownerFound(task.owner.display ?? names.get(task.owner.reference ?? '') ?? task.owner.reference ?? '') : t.handoverForm.noGp}</li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t.handoverForm.patient}</legend>
          <div className="field">
            <label htmlFor={`${id}-pn`}>{t.handoverForm.fodselsnummer}</label>
            <input
              id={`${id}-pn`}
              inputMode="numeric"
              autoComplete="off"
              maxLength={11}
              value={form.personNumber}
              onChange={(e) => set({ personNumber: e.target.value.replace(/\s/g, '') })}
              aria-invalid={Boolean(errors.personNumber)}
              aria-describedby={describedBy('personNumber')}
              required
            />
            {fieldError('personNumber')}
          </div>
          <HandoverMultidoseNote system={personNumberSystem(form.personNumber.trim())} value={form.personNumber.trim()} />
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-given`}>{t.handoverForm.givenName}</label>
              <input id={`${id}-given`} value={form.givenName} onChange={(e) => set({ givenName: e.target.value })} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-family`}>{t.handoverForm.familyName}</label>
              <input id={`${id}-family`} value={form.familyName} onChange={(e) => set({ familyName: e.target.value })} autoComplete="off" />
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.handoverForm.stay}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-admitted`}>{t.handoverForm.admittedAt}</label>
              <input id={`${id}-admitted`} type="datetime-local" value={form.admittedAt} onChange={(e) => set({ admittedAt: e.target.value })} aria-invalid={Boolean(errors.admittedAt)} aria-describedby={describedBy('admittedAt')} required />
              {fieldError('admittedAt')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-discharged`}>{t.handoverForm.dischargedAt}</label>
              <input id={`${id}-discharged`} type="datetime-local" value={form.dischargedAt} onChange={(e) => set({ dischargedAt: e.target.value })} aria-invalid={Boolean(errors.dischargedAt)} aria-describedby={describedBy('dischargedAt')} required />
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
                  <label htmlFor={`${id}-cat-${index}`}>{t.handoverForm.category}</label>
                  <select id={`${id}-cat-${index}`} value={task.category} onChange={(e) => setTask(index, { category: e.target.value as HandoverTaskDraft['category'] })} aria-invalid={Boolean(errors[`task-${index}`])} aria-describedby={describedBy(`task-${index}`)} required>
                    <option value="">{t.handoverForm.chooseCategory}</option>
                    {categoryOptions(language).map((option) => (
                      <option key={option.code} value={option.code}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                  {fieldError(`task-${index}`)}
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
                  <label htmlFor={`${id}-due-${index}`}>{t.handoverForm.due}</label>
                  <input id={`${id}-due-${index}`} type="date" value={task.due} onChange={(e) => setTask(index, { due: e.target.value })} />
                </div>
              </div>
              <div className="field">
                <label htmlFor={`${id}-desc-${index}`}>{t.handoverForm.description}</label>
                <textarea id={`${id}-desc-${index}`} rows={2} maxLength={2000} value={task.description} onChange={(e) => setTask(index, { description: e.target.value })} />
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
          <p className="notice error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary large" disabled={sending || !unit}>
          {sending ? t.handoverForm.sending : t.handoverForm.submit}
        </button>
      </form>
    </section>
  );
}
