import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  MultidoseUpdateParty,
  Resource,
  TaskKind,
  TaskStatus,
  isTerminalTaskStatus,
  multidoseUpdateTransition,
  referenceOf,
  sameJson,
  taskKindOf,
  withTaskKind,
} from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { ActorScopeService } from '../../directory/actor-scope.service';
import { actsForAny } from '../../directory/actor-scope';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { MULTIDOSE_UPDATE_FACT, MultidoseUpdateFacts } from './multidose-update-event';

/** What Bro set when it created the update: nobody changes it after. */
const FIXED_ELEMENTS = ['for', 'focus', 'owner', 'requester', 'restriction', 'authoredOn'] as const;

/**
 * The multidose update Task (kind `multidose-update`) on every write path: created by Bro only (in the
 * hand-over's transaction), moved by its owner (the responsible doctor) or by Bro when the doctor's
 * complete list arrives, as {@link multidoseUpdateTransition}'s table says.
 */
@Injectable()
export class MultidoseUpdateRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Task', this);
  }

  appliesTo(task: Resource): boolean {
    return taskKindOf(task) === TaskKind.MultidoseUpdate;
  }

  private async partiesOf(context: WriteRuleContext, task: Resource): Promise<MultidoseUpdateParty[]> {
    if (!context.actor || context.decidedByService) return ['bro'];
    const scope = context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client));
    return actsForAny(scope, [referenceOf(task.owner)]) ? ['owner'] : [];
  }

  async prepare(given: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    if (previous && taskKindOf(given) !== undefined && taskKindOf(given) !== TaskKind.MultidoseUpdate) {
      throw DomainError.conflict("a Task's kind (Task.code from urn:bro:task-kind) cannot change", 'Task.code');
    }
    const next = withTaskKind(given, TaskKind.MultidoseUpdate);
    const parties = await this.partiesOf(context, previous?.resource ?? next);
    if (!previous) {
      if (!parties.includes('bro')) throw DomainError.forbidden('a multidose update Task is created by Bro when a discharge changes a multidose patient’s medication', 'Task.code');
      return next;
    }
    const current = previous.resource;
    for (const element of FIXED_ELEMENTS) {
      if (!sameJson(next[element] ?? current[element], current[element])) throw DomainError.conflict(`Task.${element} of a multidose update is Bro's and cannot change`, `Task.${element}`);
    }
    const kept: Resource = { ...next, restriction: current.restriction, authoredOn: current.authoredOn };
    const from = current.status as TaskStatus;
    const to = kept.status as TaskStatus;
    if (from === to) {
      if (!parties.length) throw DomainError.forbidden(`only the responsible doctor (Task.owner) may change Task/${current.id}`);
      if (isTerminalTaskStatus(from) && !parties.includes('bro')) throw DomainError.conflict(`Task/${current.id} is ${from} and closed to changes`, 'Task.status');
      return kept;
    }
    const move = multidoseUpdateTransition(from, to);
    if (!move) throw DomainError.conflict(`Task/${current.id} cannot go from ${from} to ${to}`, 'Task.status');
    if (!move.by.some((party) => parties.includes(party))) throw DomainError.forbidden(`only ${move.by.join(' or ')} may set a multidose update from ${from} to ${to}`, 'Task.status');
    if (!parties.includes('bro') && !context.ifMatchGiven) {
      throw DomainError.preconditionRequired(`a status change needs If-Match with the version you saw (Task/${current.id} is at W/"${previous.versionId}")`);
    }
    return isTerminalTaskStatus(to) ? { ...kept, executionPeriod: { ...(kept.executionPeriod as object | undefined), end: new Date().toISOString() } } : kept;
  }

  /** Created, moved or given another due date: the facts the workflow's notifications and reminders act on. */
  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const task = stored.resource;
    const from = previous ? (previous.resource.status as TaskStatus) : null;
    const to = task.status as TaskStatus;
    const due = dueOf(task);
    if (previous && from === to && dueOf(previous.resource) === due && sameJson(previous.resource.owner, task.owner)) return;
    const focus = referenceOf(task.focus);
    const facts: MultidoseUpdateFacts = {
      taskId: task.id!,
      episodeId: focus?.startsWith('EpisodeOfCare/') ? focus.slice('EpisodeOfCare/'.length) : null,
      from,
      to,
      owner: referenceOf(task.owner) ?? null,
      due,
      actorRole: context.actor?.role ?? null,
    };
    context.eventFacts[MULTIDOSE_UPDATE_FACT] = facts;
  }

  async beforeDelete(current: StoredResource): Promise<void> {
    throw DomainError.conflict(`Task/${current.resource.id} is a multidose update and is kept`);
  }
}

/** The update's due date (restriction.period.end, an Oslo date), or null. */
function dueOf(task: Resource): string | null {
  const end = (task.restriction as { period?: { end?: unknown } } | undefined)?.period?.end;
  return typeof end === 'string' && /^\d{4}-\d{2}-\d{2}/.test(end) ? end.slice(0, 10) : null;
}
