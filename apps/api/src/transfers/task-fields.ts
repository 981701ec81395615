import {
  CONTEST_REASON_SYSTEM,
  CONTEST_RESOLUTION_EXTENSION,
  ContestResolution,
  Resource,
  TASK_CATEGORY_SYSTEM,
  TaskCategoryCode,
  TaskStatus,
  codeIn,
  isTaskCategoryCode,
  referenceOf,
} from '@app/fhir';

/** Typed reads of the Task elements Bro's transfer rules look at. Tasks stay plain FHIR JSON. */
interface CodeableConcept {
  coding?: Array<{ system?: string; code?: string; display?: string }>;
  text?: string;
}

export function taskStatusOf(task: Resource): TaskStatus {
  return task.status as TaskStatus;
}

export { referenceOf, codeIn } from '@app/fhir';

export function ownerOf(task: Resource): string | undefined {
  return referenceOf(task.owner);
}

export function requesterOf(task: Resource): string | undefined {
  return referenceOf(task.requester);
}


export function categoryOf(task: Resource): TaskCategoryCode | undefined {
  const code = codeIn(task.businessStatus, TASK_CATEGORY_SYSTEM);
  return isTaskCategoryCode(code) ? code : undefined;
}

export function contestReasonOf(task: Resource): { code?: string; text?: string } {
  const reason = task.statusReason as CodeableConcept | undefined;
  return { code: codeIn(reason, CONTEST_REASON_SYSTEM), text: reason?.text };
}

type Extension = { url: string; valueCode?: string; valueReference?: { reference: string } };

export function extensionsOf(resource: Resource): Extension[] {
  return Array.isArray(resource.extension) ? (resource.extension as Extension[]) : [];
}

export function contestResolutionOf(task: Resource): ContestResolution | undefined {
  return extensionsOf(task).find((e) => e.url === CONTEST_RESOLUTION_EXTENSION)?.valueCode as ContestResolution | undefined;
}

export function withExtension(resource: Resource, extension: Extension): Resource {
  return { ...resource, extension: [...extensionsOf(resource).filter((e) => e.url !== extension.url), extension] };
}

export function withContestResolution(task: Resource, resolution: ContestResolution): Resource {
  return withExtension(task, { url: CONTEST_RESOLUTION_EXTENSION, valueCode: resolution });
}

export function dueDateOf(task: Resource): string | undefined {
  const end = (task.restriction as { period?: { end?: string } } | undefined)?.period?.end;
  return typeof end === 'string' ? end : undefined;
}
