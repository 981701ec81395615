import { Injectable } from '@nestjs/common';
import {
  AWAITING_INFORMATION_REASON,
  COMMUNICATION_CATEGORY_SYSTEM,
  CONTEST_REASONS,
  INFORMATION_MESSAGE_DISPLAYS,
  InformationMessage,
  CONTEST_REASON_SYSTEM,
  ContestReasonCode,
  REPLACES_TASK_EXTENSION,
  REVOLVING_DOOR_TASK_EXTENSION,
  Resource,
  TaskStatus,
  isTerminalTaskStatus,
  isUnassignedTask,
  revolvingDoorFlagOf,
} from '@app/fhir';
import { Principal } from '../auth/principal';
import { AccessPolicy } from '../access/access-policy';
import { actsForAny } from '../directory/actor-scope';
import { SqlClient } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { FhirService } from '../fhir/fhir.service';
import { StoredResource } from '../fhir/store/stored-resource';
import { contestResolutionOf, ownerOf, requesterOf, taskStatusOf, withContestResolution, withExtension } from './task-fields';

/** A task as the caller saw it: the id and the version their change is based on (If-Match). */
export interface TaskVersion {
  id: string;
  version: number;
}

export interface ContestInput {
  reason: ContestReasonCode;
  text?: string;
}

/** Statuses a GP's action walks through to reach its goal, each one a recorded transition. */
const PATHS: Partial<Record<TaskStatus, Partial<Record<TaskStatus, TaskStatus[]>>>> = {
  completed: { accepted: ['in-progress', 'completed'], 'in-progress': ['completed'], 'on-hold': ['in-progress', 'completed'] },
  'on-hold': { accepted: ['in-progress', 'on-hold'], 'in-progress': ['on-hold'] },
  'in-progress': { accepted: ['in-progress'], 'on-hold': ['in-progress'] },
  accepted: { requested: ['accepted'], received: ['accepted'] },
};

/**
 * What GPs and hospital coordinators do with transferred tasks, as actions. Every action is a write
 * through the FHIR store, so the Task state machine checks it exactly as it checks a REST update.
 *
 * An action works once: the caller's access (`caller`, looked up once per request with
 * {@link callerOf}) serves every check, and the task is read once, locked, and that version handed to
 * the update, which neither reads it nor checks its visibility again.
 */
@Injectable()
export class TaskActionsService {
  constructor(private readonly fhir: FhirService) {}

  /** The caller's access policy and what they act for, looked up once for a request and used by all its steps. */
  async callerOf(principal: Principal): Promise<AccessPolicy> {
    const caller = await this.fhir.policyOf(principal);
    if (!caller) throw new Error('a signed-in caller has an access policy');
    return caller;
  }

  /** The task, if the caller is its owner or requester; 404 otherwise (its existence is not the caller's business). */
  async visibleTask(caller: AccessPolicy, id: string): Promise<StoredResource> {
    const stored = await this.fhir.readIfPresent('Task', id);
    if (!stored || !isPartyTo(caller, stored.resource)) throw notAmongYours(id);
    return stored;
  }

  /** The task locked for the caller's change in this transaction, if they are its owner or requester; 404 otherwise. */
  private async lockedTask(caller: AccessPolicy, id: string, client: SqlClient): Promise<StoredResource> {
    const stored = await this.fhir.readForUpdate('Task', id, { client, access: caller });
    if (!stored || !isPartyTo(caller, stored.resource)) throw notAmongYours(id);
    return stored;
  }

  accept(caller: AccessPolicy, task: TaskVersion) {
    return this.moveTo(caller, task, 'accepted');
  }

  start(caller: AccessPolicy, task: TaskVersion) {
    return this.moveTo(caller, task, 'in-progress');
  }

  complete(caller: AccessPolicy, task: TaskVersion, note?: string) {
    return this.moveTo(caller, task, 'completed', (t) => withNote(t, caller.principal, note));
  }

  hold(caller: AccessPolicy, task: TaskVersion, note?: string) {
    return this.moveTo(caller, task, 'on-hold', (t) => withNote(t, caller.principal, note));
  }

  /** Cancels; a GP cancelling a task not yet taken on gives a contest reason (`reason`), which the lifecycle rule demands. */
  cancel(caller: AccessPolicy, task: TaskVersion, note?: string, reason?: ContestInput) {
    if (reason?.reason === 'FEIL-MOTTAKER') {
      throw DomainError.unprocessable('a task sent to the wrong GP is forwarded to the right one: use forward with the new owner', 'reason');
    }
    return this.moveTo(caller, task, 'cancelled', (t) => withNote(reason ? withContestReason(t, reason) : t, caller.principal, note));
  }

  contest(caller: AccessPolicy, task: TaskVersion, input: ContestInput) {
    if (input.reason === 'FEIL-MOTTAKER') {
      throw DomainError.unprocessable('a task sent to the wrong GP is forwarded to the right one: use forward with the new owner', 'reason');
    }
    return this.moveTo(caller, task, 'rejected', (t) => withContestReason(t, input));
  }

  /** Accepts several tasks; each succeeds or fails on its own (a stale version fails only that one). */
  async bulkAccept(caller: AccessPolicy, tasks: TaskVersion[]): Promise<Array<{ id: string; ok: boolean; version?: number; status?: number; error?: string }>> {
    const results = [];
    for (const task of tasks) {
      try {
        const stored = await this.accept(caller, task);
        results.push({ id: task.id, ok: true, version: stored.versionId });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ id: task.id, ok: false, status: error.status, error: error.message });
      }
    }
    return results;
  }

  /** "Wrong GP": the task is contested as FEIL-MOTTAKER and a copy goes to the right GP, in one transaction. */
  async forward(caller: AccessPolicy, task: TaskVersion, newOwner: string, text?: string): Promise<{ contested: StoredResource; successor: StoredResource }> {
    return this.fhir.inTransaction(undefined, async (client) => {
      await this.assertOwnerCandidate(client, newOwner);
      const contested = await this.moveTo(caller, task, 'rejected', (t) =>
        withContestResolution(withContestReason(t, { reason: 'FEIL-MOTTAKER', text }), 'forwarded'),
      client);
      const successor = await this.createSuccessor(client, caller, contested.resource, newOwner);
      return { contested, successor };
    });
  }

  /** The hospital accepts a contested task as its own: it stays rejected, marked as taken back. */
  async takeBack(caller: AccessPolicy, task: TaskVersion): Promise<StoredResource> {
    return this.fhir.inTransaction(undefined, async (client) => {
      const current = await this.contestedForRequester(caller, task, client);
      return this.fhir.update('Task', task.id, withContestResolution(current.resource, 'taken-back'), { ifMatch: task.version, client, ...writer(caller), current });
    });
  }

  /**
   * The hospital sends a task to another owner. A contested one goes as a new task, linked to the contested
   * one; one in the unassigned queue (nobody owns it, so nobody has contested it) is given its GP as it
   * stands, and the GP is told of it as of any new task. `task` is the task as it now stands; `successor` the
   * new task, when there is one.
   */
  async reassign(caller: AccessPolicy, task: TaskVersion, newOwner: string): Promise<{ task: StoredResource; successor?: StoredResource }> {
    return this.fhir.inTransaction(undefined, async (client) => {
      const stored = await this.lockedTask(caller, task.id, client);
      if (isUnassignedTask({ status: taskStatusOf(stored.resource), owner: ownerOf(stored.resource) })) {
        return { task: await this.assignFromQueue(caller, stored, task, newOwner, client) };
      }
      const current = await this.contestedForRequester(caller, task, client, stored);
      await this.assertOwnerCandidate(client, newOwner);
      if (newOwner === ownerOf(current.resource)) throw DomainError.unprocessable('re-assign the task to someone other than the GP who contested it', 'owner');
      const contested = await this.fhir.update('Task', task.id, withContestResolution(current.resource, 'reassigned'), {
        ifMatch: task.version,
        client,
        ...writer(caller),
        current,
      });
      const successor = await this.createSuccessor(client, caller, contested.resource, newOwner);
      return { task: contested, successor };
    });
  }

  /**
   * "Request more information": the task on hold for the hospital's answer (its hold reason says so, which a
   * plain hold does not), and the question as a Communication to the requesting unit, about the task. The
   * hospital's answer (see `InformationMessageRule`) brings the task back in progress.
   */
  async requestInformation(caller: AccessPolicy, task: TaskVersion, question: string): Promise<{ task: StoredResource; communication: StoredResource }> {
    if (!question.trim()) throw DomainError.unprocessable('say what information you need', 'question');
    return this.fhir.inTransaction(undefined, async (client) => {
      const stored = await this.lockedTask(caller, task.id, client);
      const status = taskStatusOf(stored.resource);
      if (!PATHS['on-hold']?.[status]) {
        throw DomainError.conflict(
          `Task/${task.id} is ${status}: accept it first, or contest it with MANGLER-INFO if you cannot take it on without the information`,
        );
      }
      const held = await this.walkTo(caller, stored, task, 'on-hold', (t) => ({ ...withNote(t, caller.principal, question), statusReason: AWAITING_INFORMATION_REASON }), client);
      const communication = await this.fhir.create(
        'Communication',
        {
          resourceType: 'Communication',
          status: 'completed',
          category: [{ coding: [{ system: COMMUNICATION_CATEGORY_SYSTEM, code: InformationMessage.Question, display: INFORMATION_MESSAGE_DISPLAYS[InformationMessage.Question] }] }],
          subject: held.resource.for,
          basedOn: [{ reference: `Task/${task.id}` }],
          about: [{ reference: `Task/${task.id}` }],
          encounter: held.resource.encounter,
          sent: new Date().toISOString(),
          sender: senderFor(caller, ownerOf(held.resource)),
          recipient: [held.resource.requester],
          payload: [{ contentString: question.trim() }],
        },
        // The task is locked above and the caller found its owner: the question's rule need not read it again.
        { client, ...writer(caller), decidedByService: true },
      );
      return { task: held, communication };
    });
  }

  /**
   * Moves a task to `goal`, walking the statuses the state machine puts in between (accepted →
   * in-progress → completed). The first step must match the caller's version; each step is a version.
   */
  private async moveTo(
    caller: AccessPolicy,
    task: TaskVersion,
    goal: TaskStatus,
    change: (task: Resource) => Resource = (t) => t,
    client?: SqlClient,
  ): Promise<StoredResource> {
    return this.fhir.inTransaction(client, async (tx) => this.walkTo(caller, await this.lockedTask(caller, task.id, tx), task, goal, change, tx));
  }

  /** The walk of {@link moveTo} from the version locked in this transaction, each step handing the next the version it stored. */
  private async walkTo(
    caller: AccessPolicy,
    stored: StoredResource,
    task: TaskVersion,
    goal: TaskStatus,
    change: (task: Resource) => Resource,
    client: SqlClient,
  ): Promise<StoredResource> {
    if (stored.versionId !== task.version) {
      throw DomainError.preconditionFailed(`Task/${task.id} has changed since you saw it (now version ${stored.versionId}, you saw ${task.version}): reload it`);
    }
    const from = taskStatusOf(stored.resource);
    const steps = PATHS[goal]?.[from] ?? [goal];
    let current = stored;
    for (const [index, status] of steps.entries()) {
      const last = index === steps.length - 1;
      const next: Resource = { ...current.resource, status };
      current = await this.fhir.update('Task', task.id, last ? change(next) : next, { ifMatch: current.versionId, client, ...writer(caller), current });
    }
    return current;
  }

  /** The unassigned queue's task given its GP (or GP office): the same task, same status, now with an owner. */
  private async assignFromQueue(caller: AccessPolicy, stored: StoredResource, task: TaskVersion, newOwner: string, client: SqlClient): Promise<StoredResource> {
    if (!actsForAny(caller.scope, [requesterOf(stored.resource)])) throw DomainError.forbidden('only the requesting hospital unit works its unassigned queue');
    if (stored.versionId !== task.version) throw DomainError.preconditionFailed(`Task/${task.id} has changed since you saw it: reload it`);
    await this.assertOwnerCandidate(client, newOwner);
    return this.fhir.update('Task', task.id, { ...stored.resource, owner: { reference: newOwner } }, { ifMatch: task.version, client, ...writer(caller), current: stored });
  }

  private async contestedForRequester(caller: AccessPolicy, task: TaskVersion, client: SqlClient, locked?: StoredResource): Promise<StoredResource> {
    const stored = locked ?? (await this.lockedTask(caller, task.id, client));
    if (!actsForAny(caller.scope, [requesterOf(stored.resource)])) throw DomainError.forbidden('only the requesting hospital takes back or re-assigns a contested task');
    if (taskStatusOf(stored.resource) !== 'rejected' || contestResolutionOf(stored.resource) !== 'awaiting-hospital') {
      throw DomainError.conflict(`Task/${task.id} is not a contested task waiting for the hospital`);
    }
    if (stored.versionId !== task.version) throw DomainError.preconditionFailed(`Task/${task.id} has changed since you saw it: reload it`);
    return stored;
  }

  private async assertOwnerCandidate(client: SqlClient, owner: string): Promise<void> {
    const match = /^(PractitionerRole|Organization)\/([A-Za-z0-9\-.]{1,64})$/.exec(owner);
    if (!match) throw DomainError.unprocessable('the new owner is a GP (PractitionerRole/id) or a GP office (Organization/id)', 'owner');
    const table = match[1] === 'PractitionerRole' ? 'fhir_practitioner_role' : 'fhir_organization';
    const { rowCount } = await client.query(`SELECT 1 FROM ${table} WHERE id = $1`, [match[2]]);
    if (!rowCount) throw DomainError.unprocessable(`${owner} does not exist in the directory`, 'owner');
  }

  private async createSuccessor(client: SqlClient, caller: AccessPolicy, contested: Resource, owner: string): Promise<StoredResource> {
    const successor: Resource = withExtension(
      {
        resourceType: 'Task',
        identifier: undefined,
        status: 'requested',
        intent: contested.intent,
        priority: contested.priority,
        code: contested.code,
        businessStatus: contested.businessStatus,
        description: contested.description,
        groupIdentifier: contested.groupIdentifier,
        focus: contested.focus,
        for: contested.for,
        encounter: contested.encounter,
        authoredOn: new Date().toISOString(),
        requester: contested.requester,
        owner: { reference: owner },
        restriction: contested.restriction,
        note: contested.note,
      },
      { url: REPLACES_TASK_EXTENSION, valueReference: { reference: `Task/${contested.id}` } },
    );
    // The successor is the same hand-over's task: it keeps the revolving-door mark of the one it replaces.
    const mark = revolvingDoorFlagOf(contested);
    const marked = mark ? withExtension(successor, { url: REVOLVING_DOOR_TASK_EXTENSION, valueReference: { reference: mark } }) : successor;
    const clean = Object.fromEntries(Object.entries(marked).filter(([, value]) => value !== undefined)) as Resource;
    // The caller's right to this was decided above (the owner forwarding, or the requester re-assigning).
    return this.fhir.create('Task', clean, { client, ...writer(caller), decidedByService: true });
  }
}

/**
 * Who sends a question or answer: the caller's own PractitionerRole (the task's party when it is theirs), else
 * the party they act for, with the person's name, so the task's history says who asked and who answered.
 */
export function senderFor(caller: AccessPolicy, party: string | undefined): { reference?: string; display?: string } {
  const own = caller.scope.practitionerRoles;
  const reference = party && own.includes(party) ? party : (own[0] ?? party);
  const display = caller.principal.name;
  return { ...(reference ? { reference } : {}), ...(display ? { display } : {}) };
}

/** The caller as a write names them: the actor, with the access policy already looked up for them. */
function writer(caller: AccessPolicy): { actor: Principal; access: AccessPolicy } {
  return { actor: caller.principal, access: caller };
}

function isPartyTo(caller: AccessPolicy, task: Resource): boolean {
  return actsForAny(caller.scope, [ownerOf(task), requesterOf(task)]);
}

function notAmongYours(id: string): DomainError {
  return DomainError.notFound(`Task/${id} is not among your tasks`);
}

function withContestReason(task: Resource, input: ContestInput): Resource {
  const reason = CONTEST_REASONS[input.reason];
  if (!reason) throw DomainError.unprocessable(`the reason is one of ${Object.keys(CONTEST_REASONS).join(', ')}`, 'reason');
  return {
    ...task,
    statusReason: {
      coding: [{ system: CONTEST_REASON_SYSTEM, code: input.reason, display: reason.display }],
      ...(input.text?.trim() ? { text: input.text.trim() } : {}),
    },
  };
}

function withNote(task: Resource, actor: Principal, text?: string): Resource {
  if (!text?.trim()) return task;
  const notes = Array.isArray(task.note) ? task.note : [];
  return { ...task, note: [...notes, { authorString: actor.name ?? actor.subject, time: new Date().toISOString(), text: text.trim() }] };
}

export function isOpen(status: TaskStatus): boolean {
  return !isTerminalTaskStatus(status) && status !== 'draft';
}
