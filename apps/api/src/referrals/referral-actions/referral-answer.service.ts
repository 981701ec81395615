import { Injectable } from '@nestjs/common';
import {
  REFERRAL_ANSWERS,
  REJECTION_REASONS,
  REJECTION_REASON_SYSTEM,
  ReferralAnswer,
  RejectionReason,
  Resource,
  TaskKind,
  TaskStatus,
  isTerminalTaskStatus,
  isUnansweredReferralStatus,
  referenceOf,
  referralAnswerConcept,
  taskKindOf,
} from '@app/fhir';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';

export interface ReferralAnswerInput {
  /** The referral Task's version the caller saw (If-Match). */
  version: number;
  answer: ReferralAnswer;
  /** With answer 4 (rejected). */
  reason?: RejectionReason;
  reasonText?: string;
}

/** The side of the referral the caller is on: the unit that assesses it (owner) or the GP who sent it (requester). */
type Side = 'owner' | 'requester';

/**
 * The hospital unit answers a referral (Volven 9148, a rejection with its coded reason) and the GP
 * withdraws one, each an update of the referral Task through FhirService with the version the caller
 * saw as If-Match: the referral write rule decides the move (and routes a rejection in the same
 * transaction) exactly as on /fhir/R4. The checks here only answer sooner and more plainly.
 */
@Injectable()
export class ReferralAnswerService {
  constructor(private readonly fhir: FhirService) {}

  async answer(caller: AccessPolicy, id: string, input: ReferralAnswerInput): Promise<StoredResource> {
    if (input.answer === ReferralAnswer.Rejected) {
      if (!input.reason) throw DomainError.unprocessable('a rejection (answer 4) says why: reason is one of ' + Object.keys(REJECTION_REASONS).join(', '), 'reason');
      if (input.reason === RejectionReason.Other && !input.reasonText?.trim()) throw DomainError.unprocessable('reason ANNET needs the reason as text (reasonText)', 'reasonText');
    } else if (input.reason !== undefined) {
      throw DomainError.badRequest('a reason is given with a rejection (answer 4) only', 'reason');
    }
    return this.fhir.inTransaction(undefined, async (client) => {
      const current = await this.lockedReferral(client, caller, id, 'owner', input.version);
      const status = current.resource.status as TaskStatus;
      if (!isUnansweredReferralStatus(status)) throw DomainError.conflict(`Task/${id} is ${status}: it has already been answered or closed`, 'answer');
      const answered: Resource = {
        ...current.resource,
        status: REFERRAL_ANSWERS[input.answer].taskStatus,
        businessStatus: referralAnswerConcept(input.answer),
        ...(input.reason
          ? {
              statusReason: {
                coding: [{ system: REJECTION_REASON_SYSTEM, code: input.reason, display: REJECTION_REASONS[input.reason].display }],
                ...(input.reasonText?.trim() ? { text: input.reasonText.trim() } : {}),
              },
            }
          : {}),
      };
      return this.fhir.update('Task', id, answered, { client, ifMatch: current.versionId, actor: caller.principal, access: caller, current });
    });
  }

  async withdraw(caller: AccessPolicy, id: string, version: number): Promise<StoredResource> {
    return this.fhir.inTransaction(undefined, async (client) => {
      const current = await this.lockedReferral(client, caller, id, 'requester', version);
      const status = current.resource.status as TaskStatus;
      if (isTerminalTaskStatus(status)) throw DomainError.conflict(`Task/${id} is ${status}: only an open referral is withdrawn`, 'status');
      return this.fhir.update('Task', id, { ...current.resource, status: 'cancelled' }, { client, ifMatch: current.versionId, actor: caller.principal, access: caller, current });
    });
  }

  /**
   * The referral Task locked for the change, when the caller is on `side` of it (404 otherwise, as if
   * it did not exist), at the version they saw (412 otherwise).
   */
  private async lockedReferral(client: SqlClient, caller: AccessPolicy, id: string, side: Side, version: number): Promise<StoredResource> {
    const current = await this.fhir.readForUpdate('Task', id, { client, access: caller });
    const party = current && referenceOf(side === 'owner' ? current.resource.owner : current.resource.requester);
    const mine = side === 'owner' ? party !== undefined && caller.scope.actsFor.has(party) : party !== undefined && caller.scope.practitionerRoles.includes(party);
    if (!current || taskKindOf(current.resource) !== TaskKind.ReferralFulfilment || !mine) {
      throw DomainError.notFound(`Task/${id} is not a referral ${side === 'owner' ? 'sent to your unit' : 'you sent'}`);
    }
    if (current.versionId !== version) throw DomainError.preconditionFailed(`Task/${id} has changed since you saw it (now version ${current.versionId}, you saw ${version}): reload it`);
    return current;
  }
}
