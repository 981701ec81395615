import { Resource } from '../fhir-types';

/**
 * Every Task in Bro is of one workflow's kind, carried as a coding of `Task.code` from this Bro
 * CodeSystem (beside the HL7 task-code `fulfill`), so FHIR clients search it as
 * `Task?code=urn:bro:task-kind|referral-fulfilment` and each workflow's rules, notifications,
 * reminders and board figures take only their own Tasks. Keep the codes stable.
 */
export const TASK_KIND_SYSTEM = 'urn:bro:task-kind';

export enum TaskKind {
  /** A task handed over from hospital to GP at discharge (oppgaveoverføring). */
  DischargeFollowUp = 'discharge-follow-up',
  /** Fulfilment of a GP's referral by a hospital unit (henvisning). */
  ReferralFulfilment = 'referral-fulfilment',
  /** Triage of a rejected referral by the municipal low-threshold service. */
  LowThresholdTriage = 'lowthreshold-triage',
  /** An updated medication list for a multidose patient, by the responsible GP. */
  MultidoseUpdate = 'multidose-update',
}

export const TASK_KINDS: Record<TaskKind, { display: string; definition: string; displayEn: string }> = {
  [TaskKind.DischargeFollowUp]: {
    display: 'Oppgave overført ved utskrivning',
    definition: 'A task the hospital hands over to the GP at discharge',
    displayEn: 'Discharge follow-up',
  },
  [TaskKind.ReferralFulfilment]: {
    display: 'Henvisning til vurdering',
    definition: "A hospital unit's assessment of a GP's referral",
    displayEn: 'Referral fulfilment',
  },
  [TaskKind.LowThresholdTriage]: {
    display: 'Lavterskeltilbud: vurdering av avslått henvisning',
    definition: 'Triage of a rejected referral by the municipal low-threshold service',
    displayEn: 'Low-threshold triage',
  },
  [TaskKind.MultidoseUpdate]: {
    display: 'Oppdatering av multidose',
    definition: "An updated medication list for a multidose patient, by the multidose-responsible doctor",
    displayEn: 'Multidose update',
  },
};

export function isTaskKind(value: unknown): value is TaskKind {
  return typeof value === 'string' && Object.values(TaskKind).includes(value as TaskKind);
}

/** The kind of a Task, or undefined when it carries none (a Task written before kinds, or by a client that did not say). */
export function taskKindOf(task: Resource): TaskKind | undefined {
  const codings = (task.code as { coding?: Array<{ system?: string; code?: string }> } | undefined)?.coding;
  const code = Array.isArray(codings) ? codings.find((coding) => coding?.system === TASK_KIND_SYSTEM)?.code : undefined;
  return isTaskKind(code) ? code : undefined;
}

/** The Task with its kind's coding in `Task.code` (added beside the codings it has, or replacing an earlier kind). */
export function withTaskKind(task: Resource, kind: TaskKind): Resource {
  const code = (task.code as { coding?: unknown[]; text?: string } | undefined) ?? {};
  const others = (Array.isArray(code.coding) ? code.coding : []).filter((coding) => (coding as { system?: string })?.system !== TASK_KIND_SYSTEM);
  return { ...task, code: { ...code, coding: [...others, { system: TASK_KIND_SYSTEM, code: kind, display: TASK_KINDS[kind].display }] } };
}
