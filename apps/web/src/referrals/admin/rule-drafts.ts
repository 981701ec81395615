import type { RoutingRule } from '@app/fhir/referrals/routing-rules';
import type { RuleProblem } from '@app/fhir/referrals/routing-rules';
import type { RoutingRuleTexts } from './routing-rules.texts';

/** A rule as the form holds it: text inputs as typed, a key that stays with the rule when it moves. */
export interface RuleDraft {
  key: string;
  id: string;
  description: string;
  reasons: string[];
  hospitalUnits: string[];
  routeTo: string;
  triageWorkingDays: string;
}

let nextKey = 0;
const newKey = () => `rule-${++nextKey}`;

export function draftOf(rule: RoutingRule): RuleDraft {
  return {
    key: newKey(),
    id: rule.id,
    description: rule.description ?? '',
    reasons: [...(rule.reasons ?? [])],
    hospitalUnits: [...(rule.hospitalUnits ?? [])],
    routeTo: rule.routeTo,
    triageWorkingDays: rule.triageWorkingDays === undefined ? '' : String(rule.triageWorkingDays),
  };
}

export function emptyDraft(routeTo = '', id = ''): RuleDraft {
  return { key: newKey(), id, description: '', reasons: [], hospitalUnits: [], routeTo, triageWorkingDays: '' };
}

/** The rule the API gets: empty fields left out, the deadline as a number (what is no number stays as typed, for the check to name). */
export function ruleOf(draft: RuleDraft): RoutingRule {
  const days = draft.triageWorkingDays.trim();
  return {
    id: draft.id.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    ...(draft.reasons.length ? { reasons: draft.reasons as RoutingRule['reasons'] } : {}),
    ...(draft.hospitalUnits.length ? { hospitalUnits: draft.hospitalUnits } : {}),
    routeTo: draft.routeTo,
    ...(days ? { triageWorkingDays: /^\d{1,6}$/.test(days) ? Number(days) : (days as unknown as number) } : {}),
  };
}

/** An id for a new rule that no other rule has (`regel-3`). */
export function freshId(drafts: RuleDraft[]): string {
  const taken = new Set(drafts.map((draft) => draft.id));
  for (let n = drafts.length + 1; ; n++) if (!taken.has(`regel-${n}`)) return `regel-${n}`;
}

export function moved<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Problems sorted to where the form shows them: per rule and field (`routeTo`, `reasons`, ...), per rule, or for the whole set. */
export interface PlacedProblems {
  set: string[];
  rule: Map<number, string[]>;
  field: Map<string, string[]>;
}

export const fieldKey = (index: number, field: string) => `${index}.${field}`;

const PATH = /^rules(?:\[(\d+)\](?:\.([A-Za-z]+))?(?:\[\d+\])?)?$/;

export function placeProblems(problems: RuleProblem[]): PlacedProblems {
  const placed: PlacedProblems = { set: [], rule: new Map(), field: new Map() };
  const add = <K>(map: Map<K, string[]>, key: K, message: string) => map.set(key, [...(map.get(key) ?? []), message]);
  for (const problem of problems) {
    const match = PATH.exec(problem.path);
    if (!match || match[1] === undefined) placed.set.push(problem.message);
    else if (match[2] === undefined) add(placed.rule, Number(match[1]), problem.message);
    else add(placed.field, fieldKey(Number(match[1]), match[2]), problem.message);
  }
  return placed;
}

/**
 * The problems of a refused save, from the API's message: each is `<path>: <what>`, joined with `; `
 * (routing-rules.service.ts), so they go beside the same fields as the page's own check puts them.
 */
export function problemsOfMessage(message: string): RuleProblem[] {
  return message.split('; ').map((part) => {
    const match = /^(rules(?:\[\d+\](?:\.[A-Za-z]+)?(?:\[\d+\])?)?): (.*)$/s.exec(part);
    return match ? { path: match[1], message: match[2] } : { path: 'rules', message: part };
  });
}

/**
 * A problem in the user's language: the shared check (and the API) word them in English for developers and
 * logs; the ones the page knows are told in the page's words, any other as it came.
 */
export function problemText(problem: RuleProblem, words: RoutingRuleTexts['problem'], limits: { maxDays: number; maxRules: number }): string {
  const field = /^rules\[\d+\]\.([A-Za-z]+)/.exec(problem.path)?.[1];
  const message = problem.message;
  if (field === 'id') return /^id (.+) is used twice$/.test(message) ? words.idTwice(/^id (.+) is used twice$/.exec(message)![1]) : message.startsWith('id is') ? words.id : message;
  if (field === 'description' && message.startsWith('description is')) return words.description;
  if (field === 'reasons' && message.startsWith('unknown rejection reason')) return words.reason;
  if (field === 'hospitalUnits') return message.includes('is no Organization') ? words.unitMissing : message.startsWith('a hospital unit') ? words.unit : message;
  if (field === 'routeTo') {
    if (message.includes('is no HealthcareService')) return words.serviceMissing;
    if (message.includes('is not active')) return words.serviceInactive;
    if (message.startsWith('routeTo is')) return words.service;
  }
  if (field === 'triageWorkingDays' && message.startsWith('triageWorkingDays is')) return words.days(limits.maxDays);
  if (message.startsWith('the last rule must match every rejection')) return words.lastRule;
  if (message.startsWith('a rule set needs at least one rule')) return words.noRules;
  if (message.startsWith('at most ')) return words.tooMany(limits.maxRules);
  return message;
}
