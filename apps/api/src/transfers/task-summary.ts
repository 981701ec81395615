import {
  CONTEST_REASONS,
  ContestReasonCode,
  REPLACES_TASK_EXTENSION,
  Resource,
  TASK_CATEGORIES,
  TaskParty,
  isAwaitingInformation,
  nextStatusesFor,
  revolvingDoorFlagOf,
  taskConditionsOf,
} from '@app/fhir';
import { TaskSummary } from '@app/fhir/api/api-answers';
import { categoryOf, contestReasonOf, contestResolutionOf, dueDateOf, extensionsOf, ownerOf, requesterOf, taskStatusOf } from './task-fields';


interface PatientRow {
  id: string;
  name?: string;
  birthDate?: string;
}

function displayOf(element: unknown): string | undefined {
  const display = (element as { display?: unknown } | undefined)?.display;
  return typeof display === 'string' ? display : undefined;
}

export function summarizeTask(task: Resource, today: string, parties: TaskParty[], patient?: PatientRow): TaskSummary {
  const status = taskStatusOf(task);
  const category = categoryOf(task);
  const due = dueDateOf(task)?.slice(0, 10);
  const reason = contestReasonOf(task);
  const owner = ownerOf(task);
  const requester = requesterOf(task);
  const replaces = extensionsOf(task).find((e) => e.url === REPLACES_TASK_EXTENSION)?.valueReference?.reference;
  const revolvingDoor = revolvingDoorFlagOf(task);
  const open = !['completed', 'cancelled', 'failed', 'rejected', 'entered-in-error'].includes(status);
  return {
    id: task.id!,
    version: Number(task.meta?.versionId),
    status,
    ...(category ? { category: { code: category, display: TASK_CATEGORIES[category].display } } : {}),
    priority: String(task.priority ?? 'routine'),
    ...(typeof task.description === 'string' ? { description: task.description } : {}),
    ...(due ? { due } : {}),
    overdue: open && due !== undefined && due < today,
    ...(typeof task.authoredOn === 'string' ? { authoredOn: task.authoredOn } : {}),
    lastUpdated: String(task.meta?.lastUpdated),
    ...(patient ? { patient } : {}),
    ...(owner ? { owner: { reference: owner, display: displayOf(task.owner) } } : {}),
    ...(requester ? { requester: { reference: requester, display: displayOf(task.requester) } } : {}),
    ...((task.groupIdentifier as { value?: string } | undefined)?.value ? { handoverId: (task.groupIdentifier as { value: string }).value } : {}),
    ...(revolvingDoor ? { revolvingDoor: { flag: revolvingDoor } } : {}),
    ...(status === 'rejected'
      ? {
          contest: {
            reason: reason.code,
            reasonDisplay: reason.code ? CONTEST_REASONS[reason.code as ContestReasonCode]?.display : undefined,
            text: reason.text,
            resolution: contestResolutionOf(task),
          },
        }
      : {}),
    ...(replaces ? { replacesTask: replaces } : {}),
    ...(isAwaitingInformation(task) ? { awaitingInformation: true } : {}),
    nextStatuses: nextStatusesFor(status, parties, taskConditionsOf(task)),
  };
}

export type { TaskSummary };
