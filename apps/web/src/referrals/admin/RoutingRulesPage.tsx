import { FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RoutingRuleHistoryPage, RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { REJECTION_REASONS } from '@app/fhir/referrals/referral-rejection-reason';
import { DEFAULT_TRIAGE_WORKING_DAYS, MAX_ROUTING_RULES, MAX_TRIAGE_WORKING_DAYS, RoutingRule, RuleProblem, isCatchAll, routingRuleProblems } from '@app/fhir/referrals/routing-rules';
import { apiRequest } from '../../api/api-client';
import { ApiError } from '../../api/api-error';
import { DirectoryChoice, hospitalUnits } from '../../api/directory';
import { useReferenceNames } from '../../api/reference-names';
import { ApiState, useApi } from '../../api/use-api';
import { ActionMessage, ActionMessageValue } from '../../components/ActionMessage';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorMessage, Loading } from '../../components/StateViews';
import { formatDateTime } from '../../i18n/format';
import { choicesOf, rejectionReasonLabel } from '../referral-labels';
import { ROUTING_RULES_PATH, ServiceChoice, healthcareServices, routingRuleHistoryPath, saveRoutingRules } from './routing-rules-api';
import { useRoutingRuleTexts } from './routing-rules.texts';
import { PlacedProblems, RuleDraft, draftOf, emptyDraft, fieldKey, freshId, moved, placeProblems, problemText, problemsOfMessage, ruleOf } from './rule-drafts';

const LIMITS = { maxDays: MAX_TRIAGE_WORKING_DAYS, maxRules: MAX_ROUTING_RULES };

/** Names for services and units, from the directory lists and, for units no list holds, looked up one by one. */
interface Names {
  services: ServiceChoice[];
  units: DirectoryChoice[];
  nameOf(reference: string): string;
}

/**
 * The administrator's page for where rejected referrals go: the rules in force, in order, edited as a whole
 * (add, remove, move, change) and saved as the next version, checked here by the same function as the API
 * (problems beside their fields) and refused by the API for what only it knows (the directory, a newer
 * version saved meanwhile); every earlier version below.
 */
export function RoutingRulesPage() {
  const { rr } = useRoutingRuleTexts();
  const current = useApi<RoutingRulesAnswer>(ROUTING_RULES_PATH);
  const [services, setServices] = useState<ServiceChoice[]>();
  const [units, setUnits] = useState<DirectoryChoice[]>();
  const [directoryError, setDirectoryError] = useState<Error>();
  const [historyPage, setHistoryPage] = useState(1);
  const history = useApi<RoutingRuleHistoryPage>(routingRuleHistoryPath(historyPage));

  useEffect(() => {
    healthcareServices().then(setServices, setDirectoryError);
    hospitalUnits().then(setUnits, setDirectoryError);
  }, []);

  const named = [...(current.data?.rules ?? []).flatMap((rule) => rule.hospitalUnits ?? []), ...(history.data?.versions ?? []).flatMap((v) => v.rules.flatMap((rule) => rule.hospitalUnits ?? []))];
  const lookedUp = useReferenceNames(named);
  const names: Names | undefined = services && units && {
    services,
    units,
    nameOf: (reference) => services.find((s) => s.reference === reference)?.name ?? units.find((u) => u.reference === reference)?.name ?? lookedUp.get(reference) ?? reference,
  };

  // The outcome of a save outlives the editor, which starts afresh on the version it made.
  const [notice, setNotice] = useState<ActionMessageValue>();
  const reloadAll = async (saved?: ActionMessageValue) => {
    setNotice(saved);
    await Promise.all([current.reload(), history.reload()]);
  };

  let editor;
  if (current.error) editor = <ErrorMessage error={current.error} onRetry={() => void current.reload()} />;
  else if (directoryError) editor = <ErrorMessage error={directoryError} />;
  else if (current.loading || !current.data || !names) editor = <Loading />;
  // Keyed by version: a saved or reloaded version starts a fresh edit.
  else editor = <RulesEditor key={current.data.version} inForce={current.data} names={names} onSaved={reloadAll} onEdit={() => setNotice(undefined)} />;

  return (
    <section className="page routing-rules" aria-labelledby="routing-rules-title">
      <header className="page-header">
        <h1 id="routing-rules-title">{rr.title}</h1>
        <p className="lead">{rr.lead}</p>
      </header>
      <ActionMessage message={notice} />
      {editor}
      <HistoryList answer={history} page={historyPage} onPage={setHistoryPage} names={names} />
    </section>
  );
}

function RulesEditor({ inForce, names, onSaved, onEdit }: { inForce: RoutingRulesAnswer; names: Names; onSaved(saved?: ActionMessageValue): Promise<void>; onEdit(): void }) {
  const { rr, language } = useRoutingRuleTexts();
  const id = useId();
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => inForce.rules.map(draftOf));
  const [comment, setComment] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [serverProblems, setServerProblems] = useState<RuleProblem[]>([]);
  const [stale, setStale] = useState<number>();
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<ActionMessageValue>();
  const summary = useRef<HTMLDivElement>(null);

  const rules = useMemo(() => drafts.map(ruleOf), [drafts]);
  const ownProblems = useMemo(() => routingRuleProblems(rules), [rules]);
  const shown = [...(attempted ? ownProblems : []), ...serverProblems].map((problem) => ({ path: problem.path, message: problemText(problem, rr.problem, LIMITS) }));
  const placed = placeProblems(shown);
  const changed = JSON.stringify(rules) !== JSON.stringify(inForce.rules);

  const edit = (next: RuleDraft[]) => {
    setDrafts(next);
    setServerProblems([]);
    setMessage(undefined);
    onEdit();
  };
  const setRule = (index: number, patch: Partial<RuleDraft>) => edit(drafts.map((draft, at) => (at === index ? { ...draft, ...patch } : draft)));
  const onlyActiveService = names.services.filter((s) => s.active).length === 1 ? names.services.find((s) => s.active)!.reference : '';
  const addRule = () => {
    const last = drafts.at(-1);
    const fresh = emptyDraft(onlyActiveService, freshId(drafts));
    // Above the catch-all, which must stay last.
    edit(last && isCatchAll(ruleOf(last)) ? [...drafts.slice(0, -1), fresh, last] : [...drafts, fresh]);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setMessage(undefined);
    if (ownProblems.length) {
      summary.current?.focus();
      return;
    }
    setSaving(true);
    try {
      const saved = await saveRoutingRules(inForce.version, rules, comment.trim() || undefined);
      await onSaved({ tone: 'info', text: rr.saved(saved.version) });
    } catch (error) {
      if (error instanceof ApiError && error.isStale) {
        const now = await apiRequest<RoutingRulesAnswer>(ROUTING_RULES_PATH).catch(() => undefined);
        setStale(now?.version ?? inForce.version + 1);
      } else if (error instanceof ApiError && (error.status === 422 || error.status === 400)) {
        setServerProblems(problemsOfMessage(error.detail));
        requestAnimationFrame(() => summary.current?.focus());
      } else {
        setMessage({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      setSaving(false);
    }
  };

  if (!inForce.stored && drafts.length === 0) {
    return (
      <div className="panel" data-testid="routing-rules-empty">
        <h2>{rr.emptyTitle}</h2>
        <EmptyState>{rr.empty}</EmptyState>
        <p>
          <button type="button" className="primary" onClick={() => edit([emptyDraft(onlyActiveService, 'alle')])}>
            {rr.startWithCatchAll}
          </button>
        </p>
      </div>
    );
  }

  return (
    <form className="panel routing-rules-form" onSubmit={save} aria-labelledby={`${id}-rules`} noValidate>
      {inForce.stored && (
        <p data-testid="routing-rules-version">
          {rr.inForce(inForce.version, formatDateTime(inForce.changedAt, language), inForce.changedBy ?? '')}
          {inForce.comment && ` ${rr.why}: ${inForce.comment}`}
        </p>
      )}
      {stale !== undefined && (
        <div className="notice warning" role="alert">
          <p>{rr.stale(stale)}</p>
          <button type="button" onClick={() => void onSaved()}>
            {rr.reload}
          </button>
        </div>
      )}
      {shown.length > 0 && (
        <div className="notice error" role="alert" tabIndex={-1} ref={summary} data-testid="routing-rule-problems">
          <strong>{rr.problemsTitle(shown.length)}</strong>
          <ul>
            {shown.map((problem, index) => (
              <li key={index}>
                {problemPlace(problem.path, rr)}: {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h2 id={`${id}-rules`}>{rr.rules}</h2>
      <ol className="routing-rule-list">
        {drafts.map((draft, index) => (
          <li key={draft.key}>
            <RuleFields
              draft={draft}
              index={index}
              count={drafts.length}
              names={names}
              problems={placed}
              onChange={(patch) => setRule(index, patch)}
              onMove={(to) => edit(moved(drafts, index, to))}
              onRemove={() => edit(drafts.filter((_, at) => at !== index))}
            />
          </li>
        ))}
      </ol>
      <p>
        <button type="button" onClick={addRule}>
          {rr.addRule}
        </button>{' '}
        <span className="hint">{rr.addRuleHint}</span>
      </p>
      <div className="field">
        <label htmlFor={`${id}-comment`}>{rr.comment}</label>
        <p className="hint" id={`${id}-comment-hint`}>
          {rr.commentHint}
        </p>
        <input id={`${id}-comment`} aria-describedby={`${id}-comment-hint`} value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} />
      </div>
      <p className="row-actions">
        <button type="submit" className="primary" disabled={saving || stale !== undefined || (!changed && inForce.stored)}>
          {saving ? rr.saving : rr.save(inForce.version + 1)}
        </button>
        {changed && (
          <button type="button" onClick={() => edit(inForce.rules.map(draftOf))} disabled={saving}>
            {rr.discard}
          </button>
        )}
      </p>
      {!changed && inForce.stored && <p className="hint">{rr.unchanged}</p>}
      <ActionMessage message={message} />
    </form>
  );
}

/** `rules[2].routeTo` as the page names it: "Regel 3". */
function problemPlace(path: string, rr: ReturnType<typeof useRoutingRuleTexts>['rr']): string {
  const match = /^rules\[(\d+)\]/.exec(path);
  return match ? rr.rule(Number(match[1]) + 1) : rr.rules;
}

interface RuleFieldsProps {
  draft: RuleDraft;
  index: number;
  count: number;
  names: Names;
  problems: PlacedProblems;
  onChange(patch: Partial<RuleDraft>): void;
  onMove(to: number): void;
  onRemove(): void;
}

function RuleFields({ draft, index, count, names, problems, onChange, onMove, onRemove }: RuleFieldsProps) {
  const { rr, language } = useRoutingRuleTexts();
  const id = useId();
  const errorsOf = (field: string) => problems.field.get(fieldKey(index, field)) ?? [];
  const errorId = (field: string) => `${id}-${field}-error`;
  const described = (field: string, hint?: string) => [hint, errorsOf(field).length ? errorId(field) : undefined].filter(Boolean).join(' ') || undefined;
  const fieldErrors = (field: string) =>
    errorsOf(field).length ? (
      <span className="field-error" id={errorId(field)}>
        {errorsOf(field).join(' ')}
      </span>
    ) : null;
  const ruleErrors = problems.rule.get(index) ?? [];
  const catchAll = isCatchAll(ruleOf(draft));
  const unknownFields = [...problems.field.keys()].filter((key) => key.startsWith(`${index}.`) && !['id', 'description', 'reasons', 'hospitalUnits', 'routeTo', 'triageWorkingDays'].includes(key.slice(key.indexOf('.') + 1)));
  const addableUnits = names.units.filter((unit) => !draft.hospitalUnits.includes(unit.reference));

  return (
    <fieldset className="routing-rule" data-testid={`routing-rule-${index}`} aria-describedby={ruleErrors.length ? `${id}-rule-error` : undefined}>
      <legend>
        {rr.rule(index + 1)}
        {draft.id && ` – ${draft.id}`}
      </legend>
      {catchAll && index === count - 1 && <p className="hint">{rr.catchAllNote}</p>}
      {(ruleErrors.length > 0 || unknownFields.length > 0) && (
        <p className="field-error" id={`${id}-rule-error`}>
          {[...ruleErrors, ...unknownFields.flatMap((key) => problems.field.get(key) ?? [])].join(' ')}
        </p>
      )}
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-id`}>{rr.id}</label>
          <input id={`${id}-id`} value={draft.id} maxLength={64} onChange={(e) => onChange({ id: e.target.value })} aria-invalid={errorsOf('id').length > 0} aria-describedby={described('id', `${id}-id-hint`)} />
          <span className="hint" id={`${id}-id-hint`}>
            {rr.idHint}
          </span>
          {fieldErrors('id')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>{rr.description}</label>
          <input id={`${id}-description`} value={draft.description} maxLength={500} onChange={(e) => onChange({ description: e.target.value })} aria-invalid={errorsOf('description').length > 0} aria-describedby={described('description')} />
          {fieldErrors('description')}
        </div>
      </div>
      <div className="field-row">
        <div className="field" role="group" aria-labelledby={`${id}-reasons`} aria-describedby={described('reasons', `${id}-reasons-hint`)}>
          <span className="label" id={`${id}-reasons`}>
            <strong>{rr.reasons}</strong>
          </span>
          <span className="hint" id={`${id}-reasons-hint`}>
            {rr.reasonsHint}
          </span>
          {choicesOf(REJECTION_REASONS, language).map((reason) => (
            <label key={reason.code} className="check">
              <input
                type="checkbox"
                checked={draft.reasons.includes(reason.code)}
                onChange={(e) => onChange({ reasons: e.target.checked ? [...draft.reasons, reason.code] : draft.reasons.filter((code) => code !== reason.code) })}
              />{' '}
              {reason.label}
            </label>
          ))}
          {draft.reasons
            .filter((code) => !(code in REJECTION_REASONS))
            .map((code) => (
              <label key={code} className="check">
                <input type="checkbox" checked onChange={() => onChange({ reasons: draft.reasons.filter((known) => known !== code) })} /> {code}
              </label>
            ))}
          {fieldErrors('reasons')}
        </div>
        <div className="field" role="group" aria-labelledby={`${id}-units`} aria-describedby={described('hospitalUnits', `${id}-units-hint`)}>
          <span className="label" id={`${id}-units`}>
            <strong>{rr.units}</strong>
          </span>
          <span className="hint" id={`${id}-units-hint`}>
            {rr.unitsHint}
          </span>
          {draft.hospitalUnits.length > 0 && (
            <ul className="chosen-units">
              {draft.hospitalUnits.map((unit) => (
                <li key={unit}>
                  {names.nameOf(unit)}{' '}
                  <button type="button" aria-label={rr.removeUnit(names.nameOf(unit))} onClick={() => onChange({ hospitalUnits: draft.hospitalUnits.filter((chosen) => chosen !== unit) })}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label className="visually-hidden" htmlFor={`${id}-add-unit`}>
            {rr.addUnit}
          </label>
          <select id={`${id}-add-unit`} value="" onChange={(e) => e.target.value && onChange({ hospitalUnits: [...draft.hospitalUnits, e.target.value] })}>
            <option value="">{rr.chooseUnit}</option>
            {addableUnits.map((unit) => (
              <option key={unit.reference} value={unit.reference}>
                {unit.name}
              </option>
            ))}
          </select>
          {fieldErrors('hospitalUnits')}
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-service`}>{rr.service}</label>
          <select id={`${id}-service`} value={draft.routeTo} onChange={(e) => onChange({ routeTo: e.target.value })} aria-invalid={errorsOf('routeTo').length > 0} aria-describedby={described('routeTo')}>
            <option value="">{rr.chooseService}</option>
            {names.services.map((service) => (
              <option key={service.reference} value={service.reference}>
                {service.name} {!service.active && rr.inactive}
              </option>
            ))}
            {draft.routeTo && !names.services.some((service) => service.reference === draft.routeTo) && <option value={draft.routeTo}>{draft.routeTo}</option>}
          </select>
          {fieldErrors('routeTo')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>{rr.deadlineDays}</label>
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_TRIAGE_WORKING_DAYS}
            placeholder={String(DEFAULT_TRIAGE_WORKING_DAYS)}
            value={draft.triageWorkingDays}
            onChange={(e) => onChange({ triageWorkingDays: e.target.value })}
            aria-invalid={errorsOf('triageWorkingDays').length > 0}
            aria-describedby={described('triageWorkingDays', `${id}-days-hint`)}
          />
          <span className="hint" id={`${id}-days-hint`}>
            {rr.deadlineHint(DEFAULT_TRIAGE_WORKING_DAYS)}
          </span>
          {fieldErrors('triageWorkingDays')}
        </div>
      </div>
      <p className="row-actions">
        <button type="button" onClick={() => onMove(index - 1)} disabled={index === 0}>
          {rr.moveUp}
        </button>
        <button type="button" onClick={() => onMove(index + 1)} disabled={index === count - 1}>
          {rr.moveDown}
        </button>
        <button type="button" className="danger" onClick={onRemove}>
          {rr.remove}
        </button>
      </p>
    </fieldset>
  );
}

function HistoryList({ answer, page, onPage, names }: { answer: ApiState<RoutingRuleHistoryPage>; page: number; onPage(page: number): void; names?: Names }) {
  const { rr, language } = useRoutingRuleTexts();
  let body;
  if (answer.error) body = <ErrorMessage error={answer.error} onRetry={() => void answer.reload()} />;
  else if (answer.loading || !answer.data) body = <Loading />;
  else if (answer.data.total === 0) body = <EmptyState>{rr.historyEmpty}</EmptyState>;
  else
    body = (
      <>
        <ol className="history routing-rule-history" data-testid="routing-rule-history">
          {answer.data.versions.map((version) => (
            <li key={version.version}>
              <strong>{rr.version(version.version)}</strong> – {rr.savedBy(formatDateTime(version.changedAt, language), version.changedBy)} – {rr.ruleCount(version.rules.length)}
              {version.comment && (
                <>
                  {' '}
                  – <span className="quote">{version.comment}</span>
                </>
              )}
              <details>
                <summary>{rr.showRules}</summary>
                <ol>
                  {version.rules.map((rule) => (
                    <li key={rule.id}>{ruleSummary(rule, names, rr, language)}</li>
                  ))}
                </ol>
              </details>
            </li>
          ))}
        </ol>
        <Pagination page={page} pageSize={answer.data.pageSize} total={answer.data.total} onPage={onPage} />
      </>
    );
  return (
    <section className="panel" aria-labelledby="routing-rule-history-title">
      <h2 id="routing-rule-history-title">{rr.history}</h2>
      {body}
    </section>
  );
}

function ruleSummary(rule: RoutingRule, names: Names | undefined, rr: ReturnType<typeof useRoutingRuleTexts>['rr'], language: 'nb' | 'en'): string {
  const nameOf = (reference: string) => names?.nameOf(reference) ?? reference;
  const reasons = rule.reasons?.length ? rule.reasons.map((code) => rejectionReasonLabel(code, language)).join(', ') : rr.anyReason;
  const units = rule.hospitalUnits?.length ? rule.hospitalUnits.map(nameOf).join(', ') : rr.anyUnit;
  return `${rule.id}: ${reasons}; ${units} → ${nameOf(rule.routeTo)} (${rr.days(rule.triageWorkingDays ?? DEFAULT_TRIAGE_WORKING_DAYS)})`;
}
