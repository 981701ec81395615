import { Injectable } from '@nestjs/common';
import {
  CONTACT_ATTEMPT_EXTENSION,
  CONTACT_ATTEMPT_RESULTS,
  CONTACT_ATTEMPT_RESULT_SYSTEM,
  ContactAttemptResult,
  Resource,
  TASK_OUTPUT_SYSTEM,
  TRIAGE_OUTCOMES,
  TRIAGE_OUTCOME_OUTPUT,
  TRIAGE_OUTCOME_SYSTEM,
  TaskKind,
  TaskStatus,
  TriageOutcome,
  claimedByOf,
  contactAttemptsOf,
  notesOf,
  referenceOf,
  taskKindOf,
} from '@app/fhir';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';

/** A case as the caller saw it: the triage Task's id and the version their change is based on (If-Match). */
export interface CaseVersion {
  id: string;
  version: number;
}

/**
 * What low-threshold staff do with a case: claim it, give it back, record contact attempts, close it
 * with an outcome. Each is an update of the triage Task through FhirService with the version the caller
 * saw as If-Match, so the triage write rule decides who may do what (and records the claimant) exactly
 * as on /fhir/R4; the checks here only answer sooner and more plainly.
 */
@Injectable()
export class TriageActionsService {
  constructor(private readonly fhir: FhirService) {}

  claim(caller: AccessPolicy, at: CaseVersion): Promise<StoredResource> {
    return this.change(caller, at, (current) => {
      const status = current.resource.status as TaskStatus;
      if (status === 'in-progress') {
        const by = claimedByOf(current.resource)?.display;
        throw DomainError.conflict(`the case is already claimed${by ? ` by ${by}` : ''}`, 'status');
      }
      if (status !== 'requested') throw DomainError.conflict(`the case is ${status} and cannot be claimed`, 'status');
      return { ...current.resource, status: 'in-progress' };
    });
  }

  release(caller: AccessPolicy, at: CaseVersion): Promise<StoredResource> {
    return this.change(caller, at, (current) => {
      assertInProgress(current);
      return { ...current.resource, status: 'requested' };
    });
  }

  addContactAttempt(caller: AccessPolicy, at: CaseVersion, attempt: { result: ContactAttemptResult; note?: string }): Promise<StoredResource> {
    return this.change(caller, at, (current) => {
      assertInProgress(current);
      const text = attempt.note?.trim() || CONTACT_ATTEMPT_RESULTS[attempt.result].display;
      const note = {
        // The rule stamps time and author as Bro's own; these are what the caller's version says.
        time: new Date().toISOString(),
        authorString: caller.principal.name ?? caller.principal.subject,
        text,
        extension: [{ url: CONTACT_ATTEMPT_EXTENSION, valueCoding: { system: CONTACT_ATTEMPT_RESULT_SYSTEM, code: attempt.result, display: CONTACT_ATTEMPT_RESULTS[attempt.result].display } }],
      };
      return { ...current.resource, note: [...notesOf(current.resource), note] };
    });
  }

  recordOutcome(caller: AccessPolicy, at: CaseVersion, input: { outcome: TriageOutcome; text?: string }): Promise<StoredResource> {
    const text = input.text?.trim();
    if (TRIAGE_OUTCOMES[input.outcome].needsText && !text) throw DomainError.unprocessable(`outcome ${input.outcome} names the service or place (text)`, 'text');
    return this.change(caller, at, (current) => {
      assertInProgress(current);
      if (input.outcome === TriageOutcome.NotReached && contactAttemptsOf(current.resource).length === 0) {
        throw DomainError.unprocessable('"could not reach" needs at least one recorded contact attempt', 'outcome');
      }
      const output = {
        type: { coding: [{ system: TASK_OUTPUT_SYSTEM, code: TRIAGE_OUTCOME_OUTPUT }] },
        valueCodeableConcept: { coding: [{ system: TRIAGE_OUTCOME_SYSTEM, code: input.outcome, display: TRIAGE_OUTCOMES[input.outcome].display }], ...(text ? { text } : {}) },
      };
      return { ...current.resource, status: 'completed', output: [output] };
    });
  }

  /**
   * Locks the case, checks it is one of the caller's service's (404 otherwise, as if it did not exist) at
   * the version they saw (412 otherwise), and writes `next` of it as the caller, with that version as If-Match.
   */
  private change(caller: AccessPolicy, at: CaseVersion, next: (current: StoredResource) => Resource): Promise<StoredResource> {
    return this.fhir.inTransaction(undefined, async (client) => {
      const current = await this.lockedCase(client, caller, at.id);
      const changed = next(current);
      if (current.versionId !== at.version) {
        throw DomainError.preconditionFailed(`the case has changed since you saw it (now version ${current.versionId}, you saw ${at.version}): reload it`);
      }
      return this.fhir.update('Task', at.id, changed, { client, ifMatch: at.version, actor: caller.principal, access: caller, current });
    });
  }

  private async lockedCase(client: SqlClient, caller: AccessPolicy, id: string): Promise<StoredResource> {
    const current = await this.fhir.readForUpdate('Task', id, { client, access: caller });
    const owner = current && referenceOf(current.resource.owner);
    if (!current || taskKindOf(current.resource) !== TaskKind.LowThresholdTriage || !owner || !caller.scope.actsFor.has(owner)) {
      throw DomainError.notFound(`Task/${id} is not a case of your service`);
    }
    return current;
  }
}

function assertInProgress(current: StoredResource): void {
  const status = current.resource.status as TaskStatus;
  if (status !== 'in-progress') {
    throw DomainError.conflict(status === 'requested' ? 'claim the case first' : `the case is ${status} and closed to changes`, 'status');
  }
}
