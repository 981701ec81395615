import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CONTEST_REASONS,
  HOLD_REASON_SYSTEM,
  INITIAL_TASK_STATUSES,
  Resource,
  TASK_CATEGORY_SYSTEM,
  TaskParty,
  TaskKind,
  TaskStatus,
  isContestReasonCode,
  isTaskCategoryCode,
  isTaskStatus,
  isTerminalTaskStatus,
  partiesAllowedToTransition,
  cancelNeedsContestReason,
  TaskCondition,
  taskConditionsOf,
  taskKindOf,
  transitionsFrom,
  withTaskKind,
} from '@app/fhir';
import { ActorScopeService } from '../directory/actor-scope.service';
import { taskPartiesOf } from '../directory/task-parties';
import { DomainError } from '../common/errors/domain-error';
import { FhirService } from '../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';
import {
  categoryOf,
  dueDateOf,
  codeIn,
  contestReasonOf,
  contestResolutionOf,
  ownerOf,
  referenceOf,
  requesterOf,
  taskStatusOf,
  withContestResolution,
} from './task-fields';
import { TaskTransitionLog } from './task-transition.log';
import { TaskLoadProjection } from './task-load/task-load.projection';
import { TASK_TRANSITION_FACT, isDischargeTask } from './discharge-task-event';
import { TaskTransitionPayload } from './task-notifications';

const PARTY_NAMES: Record<TaskParty, string> = { requester: 'the requesting hospital (Task.requester)', owner: 'the owning GP (Task.owner)' };

function describeTransitions(from: TaskStatus, conditions: readonly TaskCondition[]): string {
  const options = transitionsFrom(from, conditions).map(({ to, by }) => `${to} (by ${by.join(' or ')})`);
  return options.length ? `from ${from} a task can go to ${options.join(', ')}` : `${from} is final: nothing follows it`;
}

function withExecutionPeriod(task: Resource, to: TaskStatus, now: string): Resource {
  const period = { ...((task.executionPeriod as { start?: string; end?: string } | undefined) ?? {}) };
  if (to === 'in-progress' && !period.start) period.start = now;
  if (isTerminalTaskStatus(to)) period.end = now;
  return Object.keys(period).length ? { ...task, executionPeriod: period } : task;
}

/** Leaving on-hold ends the hold, and with it the reason it was held for (a question to the hospital). */
function withoutHoldReason(task: Resource): Resource {
  if (!codeIn(task.statusReason, HOLD_REASON_SYSTEM)) return task;
  const rest: Resource = { ...task };
  delete rest.statusReason;
  return rest;
}

function assertContestReason(task: Resource, who = 'a contested (rejected) task'): void {
  const { code, text } = contestReasonOf(task);
  if (!isContestReasonCode(code)) {
    throw DomainError.unprocessable(
      `${who} needs Task.statusReason coded from urn:bro:contest-reason: ${Object.keys(CONTEST_REASONS).join(', ')}`,
      'Task.statusReason',
    );
  }
  if (code === 'ANNET' && !text?.trim()) {
    throw DomainError.unprocessable('contest reason ANNET needs the reason as free text in Task.statusReason.text', 'Task.statusReason.text');
  }
}

function assertKnownCategory(task: Resource): void {
  const code = codeIn(task.businessStatus, TASK_CATEGORY_SYSTEM);
  const coded = (task.businessStatus as { coding?: Array<{ system?: string }> } | undefined)?.coding?.some((c) => c.system === TASK_CATEGORY_SYSTEM);
  if (coded && !isTaskCategoryCode(code)) {
    throw DomainError.unprocessable(`"${String(code)}" is not a task category in urn:bro:task-category (see CodeSystem/task-category)`, 'Task.businessStatus');
  }
}

/**
 * The Task state machine and its side effects, on every write of a Task whatever the path:
 * allowed transitions (409 otherwise), the right party (403), If-Match on every status change
 * (428), a coded reason when contested, executionPeriod, and the transition log.
 */
@Injectable()
export class TaskLifecycleRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
    private readonly transitions: TaskTransitionLog,
    private readonly taskLoad: TaskLoadProjection,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Task', this);
  }

  /** Discharge hand-over Tasks, and Tasks that name no kind (which are taken as discharge hand-overs and given the kind). */
  appliesTo(task: Resource): boolean {
    return isDischargeTask(task);
  }

  /**
   * The parties of a task the writer is; undefined for Bro's own internal writes, which act for both.
   * What they act for comes with the write's access policy, looked up once for the request.
   */
  async partiesOf(context: WriteRuleContext, task: Resource): Promise<TaskParty[] | undefined> {
    if (!context.actor) return undefined;
    return taskPartiesOf(context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client)), task);
  }

  async prepare(given: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    const storedKind = previous && taskKindOf(previous.resource);
    if (storedKind !== undefined && taskKindOf(given) !== undefined && taskKindOf(given) !== storedKind) {
      throw DomainError.conflict("a Task's kind (Task.code from urn:bro:task-kind) cannot change", 'Task.code');
    }
    // A version that leaves the kind out keeps the stored one; another workflow's Task is its own rule's to check.
    if (storedKind !== undefined && storedKind !== TaskKind.DischargeFollowUp) return withTaskKind(given, storedKind);
    const next = withTaskKind(given, TaskKind.DischargeFollowUp);
    assertKnownCategory(next);
    const to = taskStatusOf(next);
    if (!isTaskStatus(to)) return next; // the validator has already refused it
    if (!previous) return this.prepareCreate(next, to, context);

    const current = previous.resource;
    // Whose task it is decides who may see it: a task is never moved to another patient.
    if (referenceOf(next.for) !== referenceOf(current.for)) throw DomainError.conflict('Task.for cannot change: a task belongs to one patient', 'Task.for');
    const from = taskStatusOf(current);
    // Who the actor is on this task is decided by the stored version: nobody makes themselves the owner by writing it.
    const parties = await this.partiesOf(context, current);
    if (from === to) return this.prepareEdit(next, current, from, parties);

    // What holds of the stored task opens conditional moves (the hospital resuming a task held for its answer).
    const conditions = taskConditionsOf(current);
    const allowed = partiesAllowedToTransition(from, to, conditions);
    if (!allowed) throw DomainError.conflict(`Task/${previous.resource.id} cannot go from ${from} to ${to}: ${describeTransitions(from, conditions)}`, 'Task.status');
    // A Bro service that decided the move itself (a joint consultation agreeing the GP takes the task) acts for the party.
    if (parties && !context.decidedByService && !allowed.some((party) => parties.includes(party))) {
      throw DomainError.forbidden(`only ${allowed.map((p) => PARTY_NAMES[p]).join(' or ')} may set a task from ${from} to ${to}`, 'Task.status');
    }
    if (!context.ifMatchGiven) {
      throw DomainError.preconditionRequired(`a status change needs If-Match with the version you saw (Task/${current.id} is at W/"${previous.versionId}")`);
    }
    if (ownerOf(next) !== ownerOf(current) || requesterOf(next) !== requesterOf(current)) {
      throw DomainError.conflict('a status change cannot also change Task.owner or Task.requester: forward or re-assign the task instead', 'Task.owner');
    }
    let prepared = from === 'on-hold' ? withoutHoldReason(next) : next;
    if (to === 'rejected') {
      assertContestReason(next);
      // A contested task goes back to the hospital's queue until it takes the task back or re-assigns it.
      if (!contestResolutionOf(next)) prepared = withContestResolution(next, 'awaiting-hospital');
    }
    // A GP cancelling a task not yet taken on gives it back: with a contest reason, as contesting does.
    if (to === 'cancelled' && parties && cancelNeedsContestReason(from, parties)) assertContestReason(next, 'a GP who cancels a task not yet accepted');
    return withExecutionPeriod(prepared, to, new Date().toISOString());
  }

  private async prepareCreate(next: Resource, to: TaskStatus, context: WriteRuleContext): Promise<Resource> {
    if (!INITIAL_TASK_STATUSES.includes(to)) {
      throw DomainError.conflict(`a Task is created as ${INITIAL_TASK_STATUSES.join(' or ')}; ${to} is reached by status changes`, 'Task.status');
    }
    if (context.decidedByService) return next;
    const parties = await this.partiesOf(context, next);
    if (parties && !parties.includes('requester')) {
      throw DomainError.forbidden('only the requesting hospital unit or its system (Task.requester) may hand a task over', 'Task.requester');
    }
    return next;
  }

  private prepareEdit(next: Resource, current: Resource, status: TaskStatus, parties: TaskParty[] | undefined): Resource {
    if (parties && parties.length === 0) throw DomainError.forbidden(`only the task's owner or requester may change Task/${current.id}`);
    if (requesterOf(next) !== requesterOf(current)) throw DomainError.conflict('Task.requester cannot change once a task is handed over', 'Task.requester');
    const isRequester = !parties || parties.includes('requester');
    if (ownerOf(next) !== ownerOf(current)) {
      if (!isRequester) throw DomainError.forbidden('only the requesting hospital may change who owns a task; a GP forwards it instead', 'Task.owner');
      if (!['draft', 'requested', 'received'].includes(status)) {
        throw DomainError.conflict(`Task.owner cannot change once a task is ${status}: re-assign it as a new task`, 'Task.owner');
      }
    }
    if (isTerminalTaskStatus(status) && !isRequester) throw DomainError.conflict(`Task/${current.id} is ${status} and closed to changes`, 'Task.status');
    return next;
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    await this.taskLoad.refresh(context.client, stored.resource.id!);
    const to = taskStatusOf(stored.resource);
    const from = previous ? taskStatusOf(previous.resource) : undefined;
    const resolution = contestResolutionOf(stored.resource);
    const resolutionChanged = previous !== undefined && resolution !== contestResolutionOf(previous.resource);
    // A new due date moves the task's reminders, so it is an event too.
    const dueChanged = previous !== undefined && dueDateOf(stored.resource) !== dueDateOf(previous.resource);
    // A task given its GP (from the unassigned queue, or sent to another before anyone answered) is new to that GP.
    const ownerAssigned = previous !== undefined && ownerOf(stored.resource) !== undefined && ownerOf(stored.resource) !== ownerOf(previous.resource);
    if (from === to && !resolutionChanged && !dueChanged && !ownerAssigned) return;
    const reason = contestReasonOf(stored.resource);
    // Who is told what (the GP of a new task, the hospital of a contested one) is decided from these facts
    // in the write's one outbox event; the kind keeps them to the discharge workflow's handlers.
    const transition: TaskTransitionPayload = {
      taskKind: TaskKind.DischargeFollowUp,
      from: from ?? null,
      to,
      owner: ownerOf(stored.resource) ?? null,
      requester: requesterOf(stored.resource) ?? null,
      priority: String(stored.resource.priority ?? 'routine'),
      category: categoryOf(stored.resource) ?? null,
      reason: reason.code ?? null,
      resolution: resolution ?? null,
      due: dueDateOf(stored.resource) ?? null,
      actorRole: context.actor?.role ?? null,
      ...(ownerAssigned ? { ownerAssigned: true } : {}),
    };
    context.eventFacts[TASK_TRANSITION_FACT] = transition;
    if (from === to) return;
    await this.transitions.record(context.client, {
      taskId: stored.resource.id!,
      versionId: stored.versionId,
      from,
      to,
      actor: context.actor,
      reasonCode: reason.code,
      reasonText: reason.text,
    });
  }

  async beforeDelete(current: StoredResource, context: WriteRuleContext): Promise<void> {
    if (taskStatusOf(current.resource) === 'draft') return this.taskLoad.refresh(context.client, current.resource.id!);
    throw DomainError.conflict(
      `Task/${current.resource.id} has been handed over and is kept: set its status to cancelled or entered-in-error instead of deleting it`,
    );
  }
}
