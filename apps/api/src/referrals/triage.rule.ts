import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CLAIMED_BY_EXTENSION,
  CONTACT_ATTEMPT_EXTENSION,
  Resource,
  TRIAGE_INITIAL_STATUS,
  TRIAGE_OUTCOMES,
  TaskKind,
  TaskStatus,
  TriageOutcome,
  TriageParty,
  claimedByOf,
  contactAttemptsOf,
  isContactAttemptResult,
  isTaskStatus,
  isTerminalTaskStatus,
  isTriageOutcome,
  notesOf,
  referenceOf,
  taskKindOf,
  triageOutcomeOf,
  triageTransition,
  triageTransitionsFrom,
  withExtension,
  withTaskKind,
  extensionOf,
  sameJson,
} from '@app/fhir';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { ActorScopeService } from '../directory/actor-scope.service';
import { actsForAny } from '../directory/actor-scope';
import { FhirService } from '../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';
import { REFERRAL_CHANGE_FACT, ReferralChangeFacts } from './referral-event';
import { ReferralCaseProjection } from './referral-case.projection';
import { claimOf, isClaimedBy } from './triage-claim';

const PARTY_NAMES: Record<TriageParty, string> = {
  bro: 'Bro itself (routing)',
  service: 'the staff of the low-threshold service that owns the case',
  claimant: 'the person who claimed the case',
};

/** Elements Bro set when it routed the case: nobody changes them after. */
const FIXED_ELEMENTS = ['for', 'owner', 'requester', 'focus', 'basedOn', 'restriction', 'authoredOn'] as const;

const MAX_NOTE_LENGTH = 4000;

function describeMoves(from: TaskStatus): string {
  const moves = triageTransitionsFrom(from).map((move) => `${move.to} (by ${move.by.map((party) => PARTY_NAMES[party]).join(' or ')})`);
  return moves.length ? `from ${from} a case can go to ${moves.join(', ')}` : `${from} is final: nothing follows it`;
}

const same = sameJson;

/**
 * The low-threshold triage Task (kind `lowthreshold-triage`) on every write path: created only by Bro's
 * routing; claimed by the staff of the service that owns it (Bro records who); worked by the one who
 * claimed it, whose contact attempts are appended (never rewritten) with Bro's time and their name;
 * closed with a coded outcome. The moves are {@link triageTransition}'s table.
 */
@Injectable()
export class TriageRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
    private readonly cases: ReferralCaseProjection,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Task', this);
  }

  appliesTo(task: Resource): boolean {
    return taskKindOf(task) === TaskKind.LowThresholdTriage;
  }

  /** The triage parties the writer is; undefined for Bro's own writes. */
  private async partiesOf(context: WriteRuleContext, task: Resource): Promise<TriageParty[]> {
    if (!context.actor || context.decidedByService) return ['bro'];
    const parties: TriageParty[] = [];
    const scope = context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client));
    if (actsForAny(scope, [referenceOf(task.owner)])) {
      parties.push('service');
      if (isClaimedBy(task, context.actor)) parties.push('claimant');
    }
    return parties;
  }

  async prepare(given: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    const storedKind = previous && taskKindOf(previous.resource);
    const givenKind = taskKindOf(given);
    if (previous && storedKind !== givenKind && givenKind !== undefined) {
      throw DomainError.conflict("a Task's kind (Task.code from urn:bro:task-kind) cannot change", 'Task.code');
    }
    const next = withTaskKind(given, TaskKind.LowThresholdTriage);
    if (!isTaskStatus(next.status)) return next;
    if (!previous) {
      const parties = await this.partiesOf(context, next);
      if (!parties.includes('bro')) throw DomainError.forbidden('a low-threshold case is created by Bro when a rejected referral is routed, not directly', 'Task.code');
      if (next.status !== TRIAGE_INITIAL_STATUS) throw DomainError.conflict(`a low-threshold case starts as ${TRIAGE_INITIAL_STATUS}`, 'Task.status');
      return next;
    }
    return this.prepareChange(next, next.status, previous, context);
  }

  private async prepareChange(next: Resource, to: TaskStatus, previous: StoredResource, context: WriteRuleContext): Promise<Resource> {
    const current = previous.resource;
    for (const element of FIXED_ELEMENTS) {
      if (!same(element === 'restriction' || element === 'authoredOn' ? next[element] ?? current[element] : next[element], current[element])) {
        throw DomainError.conflict(`Task.${element} of a low-threshold case is set by Bro's routing and cannot change`, `Task.${element}`);
      }
    }
    const from = current.status as TaskStatus;
    const parties = await this.partiesOf(context, current);
    // Who claimed the case is Bro's record, not the writer's to set: kept from the stored version unless the move changes it.
    let prepared: Resource = withExtension(
      { ...next, restriction: current.restriction, authoredOn: current.authoredOn },
      CLAIMED_BY_EXTENSION,
      extensionOf(current, CLAIMED_BY_EXTENSION),
    );
    prepared = this.withNotesChecked(prepared, current, from, to, parties, context.actor);

    if (from === to) {
      if (isTerminalTaskStatus(from) && !parties.includes('bro')) throw DomainError.conflict(`Task/${current.id} is ${from} and closed to changes`, 'Task.status');
      if (!parties.includes('bro') && !parties.includes('claimant')) {
        throw DomainError.forbidden(`only the person who claimed Task/${current.id} may work it: claim it first`, 'Task.status');
      }
      if (!same(triageOutcomeOf(prepared), triageOutcomeOf(current))) throw DomainError.conflict('the outcome is recorded when the case is completed', 'Task.output');
      return prepared;
    }

    const move = triageTransition(from, to);
    if (!move) throw DomainError.conflict(`Task/${current.id} cannot go from ${from} to ${to}: ${describeMoves(from)}`, 'Task.status');
    if (!move.by.some((party) => parties.includes(party))) {
      const claimed = claimedByOf(current);
      const who = move.by.map((party) => PARTY_NAMES[party]).join(' or ');
      throw DomainError.forbidden(`only ${who} may set a case from ${from} to ${to}${claimed?.display && move.by.includes('claimant') ? ` (claimed by ${claimed.display})` : ''}`, 'Task.status');
    }
    if (!context.ifMatchGiven && !parties.includes('bro')) {
      throw DomainError.preconditionRequired(`a status change needs If-Match with the version you saw (Task/${current.id} is at W/"${previous.versionId}")`);
    }
    if (to === 'in-progress' && context.actor) prepared = withExtension(prepared, CLAIMED_BY_EXTENSION, claimOf(context.actor));
    if (to === 'requested') prepared = withExtension(prepared, CLAIMED_BY_EXTENSION, undefined);
    if (move.needs === 'outcome') this.assertOutcome(prepared);
    else if (!same(triageOutcomeOf(prepared), triageOutcomeOf(current))) throw DomainError.conflict('the outcome is recorded when the case is completed', 'Task.output');
    const period = { ...((prepared.executionPeriod as { start?: string; end?: string } | undefined) ?? {}) };
    const now = new Date().toISOString();
    if (to === 'in-progress' && !period.start) period.start = now;
    if (isTerminalTaskStatus(to)) period.end = now;
    return Object.keys(period).length ? { ...prepared, executionPeriod: period } : prepared;
  }

  /**
   * Contact attempts are a log: the stored notes stay as they were, new ones are appended only by the
   * claimant while the case is theirs, and Bro stamps their time and author.
   */
  private withNotesChecked(next: Resource, current: Resource, from: TaskStatus, to: TaskStatus, parties: TriageParty[], actor: Principal | undefined): Resource {
    const stored = notesOf(current);
    const given = notesOf(next);
    if (given.length < stored.length || !stored.every((note, index) => same(note, given[index]))) {
      throw DomainError.conflict('earlier contact attempts and notes are kept as they were: add new notes after them', 'Task.note');
    }
    const added = given.slice(stored.length);
    if (!added.length) return next;
    if (!parties.includes('claimant') || from !== 'in-progress' || !['in-progress', 'completed'].includes(to)) {
      throw DomainError.forbidden('contact attempts are recorded by the person who claimed the case, while it is in progress', 'Task.note');
    }
    const now = new Date().toISOString();
    const stamped = added.map((note, index) => {
      const text = typeof note?.text === 'string' ? note.text.trim() : '';
      if (text.length > MAX_NOTE_LENGTH) throw DomainError.unprocessable(`a note is at most ${MAX_NOTE_LENGTH} characters`, `Task.note[${stored.length + index}].text`);
      const attempt = extensionOf(note, CONTACT_ATTEMPT_EXTENSION);
      if (attempt && !isContactAttemptResult(attempt.valueCoding?.code)) {
        throw DomainError.unprocessable('a contact attempt says how it went: reached, not-reached or message-left (urn:bro:contact-attempt-result)', `Task.note[${stored.length + index}]`);
      }
      if (!attempt && !text) throw DomainError.unprocessable('a note needs text', `Task.note[${stored.length + index}].text`);
      return { ...note, text: text || '-', time: now, authorString: actor?.name ?? actor?.subject };
    });
    return { ...next, note: [...stored, ...stamped] };
  }

  private assertOutcome(task: Resource): void {
    const outcome = triageOutcomeOf(task);
    if (!outcome || !isTriageOutcome(outcome.code)) {
      throw DomainError.unprocessable(
        `a completed case carries its outcome in Task.output (type urn:bro:task-output|lowthreshold-outcome) coded from urn:bro:lowthreshold-outcome: ${Object.keys(TRIAGE_OUTCOMES).join(', ')}`,
        'Task.output',
      );
    }
    if (TRIAGE_OUTCOMES[outcome.code].needsText && !outcome.text?.trim()) {
      throw DomainError.unprocessable(`outcome ${outcome.code} names the service or place in the outcome's text`, 'Task.output.valueCodeableConcept.text');
    }
    if (outcome.code === TriageOutcome.NotReached && contactAttemptsOf(task).length === 0) {
      throw DomainError.unprocessable('"could not reach" needs at least one recorded contact attempt', 'Task.note');
    }
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const task = stored.resource;
    const claimed = claimedByOf(task) !== undefined;
    // On creation the routing records the row's triage columns itself, right after this write; the referral's row is there already.
    const row = previous ? await this.cases.recordTriage(context.client, task, claimed) : await this.cases.ofReferral(context.client, this.referralTaskIdOf(task));
    const from = previous ? (previous.resource.status as TaskStatus) : null;
    const to = task.status as TaskStatus;
    const attemptAdded = previous !== undefined && contactAttemptsOf(task).length > contactAttemptsOf(previous.resource).length;
    if (from === to && !attemptAdded) return;
    const facts: ReferralChangeFacts = {
      taskKind: TaskKind.LowThresholdTriage,
      from,
      to,
      referralTaskId: row?.referral_task_id ?? this.referralTaskIdOf(task),
      triageTaskId: task.id!,
      hospitalUnit: row?.hospital_unit ?? '',
      referrer: row?.referrer ?? referenceOf(task.requester) ?? null,
      service: referenceOf(task.owner) ?? null,
      answer: row?.answer ?? null,
      rejectionReason: row?.rejection_reason ?? null,
      objected: false,
      urgent: row?.urgent ?? task.priority === 'urgent',
      deadline: (task.restriction as { period?: { end?: string } } | undefined)?.period?.end ?? null,
      outcome: triageOutcomeOf(task)?.code ?? null,
      claimed,
      actorRole: context.actor?.role ?? null,
    };
    context.eventFacts[REFERRAL_CHANGE_FACT] = facts;
  }

  private referralTaskIdOf(task: Resource): string {
    const basedOn = Array.isArray(task.basedOn) ? task.basedOn.map(referenceOf) : [];
    return basedOn.find((reference) => reference?.startsWith('Task/'))?.slice('Task/'.length) ?? '';
  }

  async beforeDelete(current: StoredResource): Promise<void> {
    throw DomainError.conflict(`Task/${current.resource.id} is a low-threshold case and is kept: it is closed with an outcome, not deleted`);
  }
}
