import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  REFERRAL_ANSWERS,
  REFERRAL_ASSESSMENT_WORKING_DAYS,
  REFERRAL_INITIAL_STATUS,
  REJECTION_REASONS,
  Resource,
  RejectionReason,
  TaskKind,
  TaskParty,
  TaskStatus,
  carriesReferralAnswer,
  isRejectionReason,
  isTaskStatus,
  isTerminalTaskStatus,
  referenceOf,
  referralAnswerOf,
  referralTransition,
  referralTransitionsFrom,
  rejectionOf,
  taskKindOf,
  withTaskKind,
  sameJson,
} from '@app/fhir';
import { osloDate } from '../common/calendar/oslo-calendar';
import { addWorkingDays } from '../common/calendar/working-days';
import { DomainError } from '../common/errors/domain-error';
import { ActorScopeService } from '../directory/actor-scope.service';
import { taskPartiesOf } from '../directory/task-parties';
import { FhirService } from '../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';
import { REFERRAL_CHANGE_FACT, ReferralChangeFacts } from './referral-event';
import { ReferralCaseProjection, ReferralCaseRow } from './referral-case.projection';
import { ReferralRouting, RoutingResult } from './routing/referral-routing';

const PARTY_NAMES: Record<TaskParty, string> = { requester: 'the referring GP (Task.requester)', owner: 'the hospital unit (Task.owner)' };

/** Elements Bro sets on a referral and nobody changes after: who, for whom, about what, and the dates the law counts from. */
const FIXED_REFERENCES = ['for', 'owner', 'requester', 'focus'] as const;

/** How long a sent date may lie ahead of Bro's clock (a sender's clock a little fast), no more. */
const CLOCK_SKEW_MS = 5 * 60_000;

function describeMoves(from: TaskStatus): string {
  const moves = referralTransitionsFrom(from).map((move) => `${move.to} (by ${move.by.join(' or ')}${move.answers ? `, answer ${move.answers.join('/')}` : ''})`);
  return moves.length ? `from ${from} a referral can go to ${moves.join(', ')}` : `${from} is final: nothing follows it`;
}

const serviceRequestIdOf = (task: Resource): string | undefined => {
  const focus = referenceOf(task.focus);
  return focus?.startsWith('ServiceRequest/') ? focus.slice('ServiceRequest/'.length) : undefined;
};

const sameReference = (a: unknown, b: unknown): boolean => referenceOf(a) === referenceOf(b);

/**
 * The referral Task (kind `referral-fulfilment`) on every write path: created by the referring GP for
 * its ServiceRequest, with the dates the law counts from (sent, received, assessment deadline = received
 * + 10 Norwegian working days) set by Bro; answered by the hospital unit with a Volven 9148 code that
 * decides the status; a rejection needs a coded reason and is routed, in the same transaction, to the
 * low-threshold service the stored rules pick (unless the patient objected). The moves are
 * {@link referralTransition}'s table.
 */
@Injectable()
export class ReferralRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
    private readonly cases: ReferralCaseProjection,
    private readonly routing: ReferralRouting,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Task', this);
  }

  appliesTo(task: Resource): boolean {
    return taskKindOf(task) === TaskKind.ReferralFulfilment;
  }

  /** The parties of the referral the writer is; undefined for Bro's own writes and for services that decided the write. */
  private async partiesOf(context: WriteRuleContext, task: Resource): Promise<TaskParty[] | undefined> {
    if (!context.actor || context.decidedByService) return undefined;
    return taskPartiesOf(context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client)), task);
  }

  async prepare(given: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    const storedKind = previous && taskKindOf(previous.resource);
    const givenKind = taskKindOf(given);
    if (previous && storedKind !== givenKind && givenKind !== undefined) {
      throw DomainError.conflict("a Task's kind (Task.code from urn:bro:task-kind) cannot change", 'Task.code');
    }
    const next = withTaskKind(given, TaskKind.ReferralFulfilment);
    const to = next.status;
    if (!isTaskStatus(to)) return next; // the validator has already refused it
    return previous ? this.prepareChange(next, to, previous, context) : this.prepareCreate(next, to, context);
  }

  private async prepareCreate(next: Resource, to: TaskStatus, context: WriteRuleContext): Promise<Resource> {
    if (to !== REFERRAL_INITIAL_STATUS) throw DomainError.conflict(`a referral is sent as ${REFERRAL_INITIAL_STATUS}; ${to} is the hospital's answer`, 'Task.status');
    if (next.businessStatus !== undefined || next.statusReason !== undefined || next.output !== undefined) {
      throw DomainError.unprocessable('a new referral carries no answer: businessStatus, statusReason and output are the hospital unit’s', 'Task.businessStatus');
    }
    const requestId = serviceRequestIdOf(next);
    if (!requestId) throw DomainError.unprocessable('a referral Task names its ServiceRequest in Task.focus (ServiceRequest/<id>)', 'Task.focus');
    const request = (await this.fhir.readIfPresent('ServiceRequest', requestId, context.client))?.resource;
    if (!request) throw DomainError.unprocessable(`ServiceRequest/${requestId} does not exist`, 'Task.focus');
    if (!sameReference(next.for, request.subject)) throw DomainError.unprocessable('Task.for is the ServiceRequest’s subject', 'Task.for');
    if (!sameReference(next.requester, request.requester)) throw DomainError.unprocessable('Task.requester is the ServiceRequest’s requester (the referring GP)', 'Task.requester');
    const owner = referenceOf(next.owner);
    if (!owner?.startsWith('Organization/')) throw DomainError.unprocessable('a referral is owned by the hospital unit that assesses it (Task.owner: Organization/<id>)', 'Task.owner');
    const performers = (Array.isArray(request.performer) ? request.performer : []).map(referenceOf);
    if (!performers.includes(owner)) throw DomainError.unprocessable('Task.owner is one of the ServiceRequest’s performers', 'Task.owner');
    const parties = await this.partiesOf(context, next);
    if (parties && !parties.includes('requester')) throw DomainError.forbidden('only the referring GP (Task.requester) or their system may send a referral', 'Task.requester');

    const now = new Date();
    const sent = typeof next.authoredOn === 'string' ? new Date(next.authoredOn) : now;
    if (Number.isNaN(sent.getTime()) || sent.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw DomainError.unprocessable('Task.authoredOn (when the referral was sent) cannot lie in the future', 'Task.authoredOn');
    }
    // Bro delivers the referral to the unit as it stores it: received now, and the law's deadline counts from today in Oslo.
    const received = now.toISOString();
    return {
      ...next,
      authoredOn: sent.toISOString(),
      priority: next.priority ?? request.priority ?? 'routine',
      basedOn: next.basedOn ?? [{ reference: `ServiceRequest/${requestId}` }],
      restriction: { period: { start: received, end: addWorkingDays(osloDate(now), REFERRAL_ASSESSMENT_WORKING_DAYS) } },
    };
  }

  private async prepareChange(next: Resource, to: TaskStatus, previous: StoredResource, context: WriteRuleContext): Promise<Resource> {
    const current = previous.resource;
    for (const element of FIXED_REFERENCES) {
      if (!sameReference(next[element], current[element])) throw DomainError.conflict(`Task.${element} of a referral cannot change`, `Task.${element}`);
    }
    // The dates the law counts from are Bro's: a version that leaves them out or changes them keeps the stored ones.
    const kept: Resource = { ...next, authoredOn: current.authoredOn, restriction: current.restriction };
    const from = current.status as TaskStatus;
    const parties = await this.partiesOf(context, current);
    const storedAnswer = referralAnswerOf(current);

    if (from === to) {
      if (parties && parties.length === 0) throw DomainError.forbidden(`only the referring GP or the hospital unit may change Task/${current.id}`);
      if (isTerminalTaskStatus(from) && parties) throw DomainError.conflict(`Task/${current.id} is ${from} and closed to changes`, 'Task.status');
      if (referralAnswerOf(kept) !== storedAnswer || !sameJson(kept.statusReason, current.statusReason)) {
        throw DomainError.conflict('the answer (businessStatus) and its reason are given with the status change they make, and then kept', 'Task.businessStatus');
      }
      return kept;
    }

    const move = referralTransition(from, to);
    if (!move) throw DomainError.conflict(`Task/${current.id} cannot go from ${from} to ${to}: ${describeMoves(from)}`, 'Task.status');
    if (parties && !move.by.some((party) => parties.includes(party))) {
      throw DomainError.forbidden(`only ${move.by.map((party) => PARTY_NAMES[party]).join(' or ')} may set a referral from ${from} to ${to}`, 'Task.status');
    }
    if (!context.ifMatchGiven) {
      throw DomainError.preconditionRequired(`a status change needs If-Match with the version you saw (Task/${current.id} is at W/"${previous.versionId}")`);
    }
    const answer = referralAnswerOf(kept);
    if (move.answers) {
      if (!answer || !move.answers.includes(answer)) {
        const expected = move.answers.map((code) => `${code} (${REFERRAL_ANSWERS[code].displayEn})`).join(' or ');
        const given = carriesReferralAnswer(kept) ? 'a code Volven 9148 does not have' : 'none';
        throw DomainError.unprocessable(`a referral set ${to} is answered with Volven 9148 ${expected} in Task.businessStatus; this version carries ${given}`, 'Task.businessStatus');
      }
    } else if (answer !== storedAnswer) {
      throw DomainError.conflict(`the answer (businessStatus) is given when the hospital answers, not on ${to}`, 'Task.businessStatus');
    }
    if (to === 'rejected') this.assertRejectionReason(kept);
    const period = { ...((kept.executionPeriod as { start?: string; end?: string } | undefined) ?? {}) };
    if (isTerminalTaskStatus(to)) period.end = new Date().toISOString();
    return Object.keys(period).length ? { ...kept, executionPeriod: period } : kept;
  }

  private assertRejectionReason(task: Resource): void {
    const { reason, text } = rejectionOf(task);
    if (!isRejectionReason(reason)) {
      throw DomainError.unprocessable(
        `a rejected referral needs Task.statusReason coded from urn:bro:referral-rejection-reason: ${Object.keys(REJECTION_REASONS).join(', ')}`,
        'Task.statusReason',
      );
    }
    if (reason === RejectionReason.Other && !text?.trim()) {
      throw DomainError.unprocessable('rejection reason ANNET needs the reason as free text in Task.statusReason.text', 'Task.statusReason.text');
    }
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const task = stored.resource;
    const requestId = serviceRequestIdOf(task);
    const request = requestId ? (await this.fhir.readIfPresent('ServiceRequest', requestId, context.client))?.resource : undefined;
    const row = await this.cases.recordReferral(context.client, task, request);
    const from = previous ? (previous.resource.status as TaskStatus) : null;
    const to = task.status as TaskStatus;
    if (from === to) return;
    let routed: RoutingResult | undefined;
    if (to === 'rejected') routed = await this.routing.route(context.client, task, row);
    context.eventFacts[REFERRAL_CHANGE_FACT] = this.factsOf(row, from, to, routed, context);
  }

  private factsOf(row: ReferralCaseRow, from: TaskStatus | null, to: TaskStatus, routed: RoutingResult | undefined, context: WriteRuleContext): ReferralChangeFacts {
    return {
      taskKind: TaskKind.ReferralFulfilment,
      from,
      to,
      referralTaskId: row.referral_task_id,
      triageTaskId: routed?.triageTaskId ?? null,
      hospitalUnit: row.hospital_unit,
      referrer: row.referrer,
      service: routed?.service ?? null,
      answer: row.answer,
      rejectionReason: row.rejection_reason,
      objected: row.objected,
      urgent: row.urgent,
      deadline: row.assessment_deadline,
      outcome: null,
      claimed: false,
      actorRole: context.actor?.role ?? null,
    };
  }

  async beforeDelete(current: StoredResource): Promise<void> {
    throw DomainError.conflict(`Task/${current.resource.id} is a referral and is kept: set its status to cancelled or entered-in-error instead of deleting it`);
  }
}
