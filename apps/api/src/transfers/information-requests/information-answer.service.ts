import { Injectable } from '@nestjs/common';
import {
  COMMUNICATION_CATEGORY_SYSTEM,
  INFORMATION_MESSAGE_DISPLAYS,
  InformationMessage,
  Resource,
  informationMessageOf,
  referenceOf,
  taskOfInformationMessage,
} from '@app/fhir';
import { AccessPolicy } from '../../access/access-policy';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { taskPartiesOf } from '../../directory/task-parties';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';
import { senderFor } from '../task-actions.service';
import { ownerOf, requesterOf } from '../task-fields';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The hospital answers a GP's question about a task it handed over: the answer is a Communication in
 * response to the question, created through FhirService as the coordinator (access, audit, outbox), and the
 * information-message rule brings the task back in progress in the same transaction.
 */
@Injectable()
export class InformationAnswerService {
  constructor(private readonly fhir: FhirService) {}

  async answer(caller: AccessPolicy, questionId: string, text: string): Promise<{ answer: StoredResource; task: StoredResource }> {
    requireRole(caller.principal, ['coordinator']);
    if (!text.trim()) throw DomainError.unprocessable('write the answer', 'answer');
    if (!ID.test(questionId)) throw notAmongYours(questionId);
    // Taken before the transaction, whose start stamps the task's resume: the history shows the answer, then the resume.
    const sent = new Date().toISOString();
    return this.fhir.inTransaction(undefined, async (client) => {
      const question = await this.fhir.readForUpdate('Communication', questionId, { client, access: caller });
      if (!question || informationMessageOf(question.resource) !== InformationMessage.Question) throw notAmongYours(questionId);
      const taskReference = taskOfInformationMessage(question.resource);
      const task = taskReference ? await this.fhir.readForUpdate('Task', taskReference.slice('Task/'.length), { client, access: caller }) : undefined;
      // Another unit seeing the same patient sees the question, but it is not theirs to answer: as if it were not there.
      if (!task || !taskPartiesOf(caller.scope, task.resource).includes('requester')) throw notAmongYours(questionId);
      const asker = referenceOf(question.resource.sender) ?? ownerOf(task.resource);
      const answer: Resource = {
        resourceType: 'Communication',
        status: 'completed',
        category: [{ coding: [{ system: COMMUNICATION_CATEGORY_SYSTEM, code: InformationMessage.Answer, display: INFORMATION_MESSAGE_DISPLAYS[InformationMessage.Answer] }] }],
        subject: task.resource.for,
        basedOn: [{ reference: taskReference }],
        about: [{ reference: taskReference }],
        inResponseTo: [{ reference: `Communication/${questionId}` }],
        ...(task.resource.encounter ? { encounter: task.resource.encounter } : {}),
        sent,
        sender: senderFor(caller, requesterOf(task.resource)),
        ...(asker ? { recipient: [{ reference: asker }] } : {}),
        payload: [{ contentString: text.trim() }],
      };
      const stored = await this.fhir.create('Communication', answer, { client, actor: caller.principal, access: caller });
      const resumed = await this.fhir.readForUpdate('Task', task.resource.id!, { client, access: caller });
      return { answer: stored, task: resumed ?? task };
    });
  }
}

function notAmongYours(id: string): DomainError {
  return DomainError.notFound(`Communication/${id} is not among your unit's questions`);
}
