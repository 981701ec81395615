import { Body, Controller, Get, HttpCode, Param, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { CONTEST_REASON_CODES, Resource } from '@app/fhir';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { taskPartiesOf } from '../directory/task-parties';
import { AccessPolicy } from '../access/access-policy';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { DomainError } from '../common/errors/domain-error';
import { readBody } from '../http/request-body';
import { versionOfRequest } from '../http/version-of-request';
import { StoredResource } from '../fhir/store/stored-resource';
import { osloDate } from '../common/calendar/oslo-calendar';
import { TaskActionsService } from './task-actions.service';
import { summarizeTask } from './task-summary';
import { TaskTransitionLog } from './task-transition.log';
import { FhirService } from '../fhir/fhir.service';
import { PatientDataAuditedInside, ReturnsPatientData } from '../audit/patient-data.decorators';
import { ConversationEntry, TaskSummary } from '@app/fhir/api/api-answers';
import { TaskConversationQuery } from './information-requests/task-conversation.query';
import { referenceOf } from './task-fields';

const WITH_NOTE = { version: { type: 'integer' }, note: { type: 'string', maxLength: 2000 } } as const;
const OWNER_REFERENCE = { type: 'string', required: true, maxLength: 100 } as const;

/** Actions on one transferred task, for the GP inbox and the hospital coordinator. */
@Controller('api/tasks')
@PatientDataAuditedInside('FhirService: every action is an audited update of the task')
@UseFilters(ApiExceptionFilter)
export class TaskActionsController {
  constructor(
    private readonly actions: TaskActionsService,
    private readonly transitions: TaskTransitionLog,
    private readonly fhir: FhirService,
    private readonly conversations: TaskConversationQuery,
  ) {}

  @Get(':id')
  @ReturnsPatientData((answer: { task: TaskSummary; conversation: ConversationEntry[] }) => {
    const patient = answer.task.patient && `Patient/${answer.task.patient.id}`;
    return [
      { subtype: 'read', entity: { type: 'Task', id: answer.task.id, version: answer.task.version }, patient },
      // The GP's questions and the hospital's answers shown in the history are read too.
      ...answer.conversation.map((entry) => ({ subtype: 'read' as const, entity: { type: 'Communication', id: entry.id }, patient })),
    ];
  })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const caller = await this.actions.callerOf(principal);
    const stored = await this.actions.visibleTask(caller, id);
    return {
      task: summarizeTask(stored.resource, osloDate(new Date()), taskPartiesOf(caller.scope, stored.resource), patientOfTask(stored.resource)),
      history: await this.transitions.history(this.fhir.database, id),
      conversation: await this.conversations.conversationOf(id),
    };
  }

  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' } });
    return this.answer(p, (caller) => this.actions.accept(caller, { id, version: versionOfRequest(request, input.version) }));
  }

  @Post(':id/start')
  @HttpCode(200)
  start(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' } });
    return this.answer(p, (caller) => this.actions.start(caller, { id, version: versionOfRequest(request, input.version) }));
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    return this.start(p, id, request, body);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, WITH_NOTE);
    return this.answer(p, (caller) => this.actions.complete(caller, { id, version: versionOfRequest(request, input.version) }, input.note));
  }

  @Post(':id/hold')
  @HttpCode(200)
  hold(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, WITH_NOTE);
    return this.answer(p, (caller) => this.actions.hold(caller, { id, version: versionOfRequest(request, input.version) }, input.note));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    // A GP cancelling a task not yet taken on says why, with a contest reason (see cancelNeedsContestReason).
    const input = readBody(body, { ...WITH_NOTE, reason: { type: 'string', oneOf: CONTEST_REASON_CODES }, text: { type: 'string', maxLength: 2000 } });
    if (input.text !== undefined && input.reason === undefined) throw DomainError.badRequest('text explains a reason: give the reason too', 'reason');
    const reason = input.reason ? { reason: input.reason as (typeof CONTEST_REASON_CODES)[number], text: input.text } : undefined;
    return this.answer(p, (caller) => this.actions.cancel(caller, { id, version: versionOfRequest(request, input.version) }, input.note, reason));
  }

  @Post(':id/contest')
  @HttpCode(200)
  contest(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, {
      version: { type: 'integer' },
      reason: { type: 'string', required: true, oneOf: CONTEST_REASON_CODES },
      text: { type: 'string', maxLength: 2000 },
    });
    const reason = input.reason as (typeof CONTEST_REASON_CODES)[number];
    return this.answer(p, (caller) => this.actions.contest(caller, { id, version: versionOfRequest(request, input.version) }, { reason, text: input.text }));
  }

  @Post(':id/forward')
  @HttpCode(200)
  async forward(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' }, owner: OWNER_REFERENCE, text: { type: 'string', maxLength: 2000 } });
    const caller = await this.actions.callerOf(p);
    const { contested, successor } = await this.actions.forward(caller, { id, version: versionOfRequest(request, input.version) }, input.owner, input.text);
    return { task: this.summary(caller, contested), successor: { id: successor.resource.id, owner: input.owner } };
  }

  @Post(':id/request-information')
  @HttpCode(200)
  async requestInformation(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' }, question: { type: 'string', required: true, maxLength: 4000 } });
    const caller = await this.actions.callerOf(p);
    const result = await this.actions.requestInformation(caller, { id, version: versionOfRequest(request, input.version) }, input.question);
    return { task: this.summary(caller, result.task), communication: { id: result.communication.resource.id } };
  }

  @Post(':id/take-back')
  @HttpCode(200)
  takeBack(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' } });
    return this.answer(p, (caller) => this.actions.takeBack(caller, { id, version: versionOfRequest(request, input.version) }));
  }

  @Post(':id/reassign')
  @HttpCode(200)
  async reassign(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' }, owner: OWNER_REFERENCE });
    const caller = await this.actions.callerOf(p);
    // A contested task goes to the new owner as a new task (the successor); one from the unassigned queue is given its owner as it is.
    const { task, successor } = await this.actions.reassign(caller, { id, version: versionOfRequest(request, input.version) }, input.owner);
    return { task: this.summary(caller, task), ...(successor ? { successor: { id: successor.resource.id, owner: input.owner } } : {}) };
  }

  /** Looks the caller up once for the request: the action and the answer's next steps both use it. */
  private async answer(principal: Principal, act: (caller: AccessPolicy) => Promise<StoredResource>) {
    const caller = await this.actions.callerOf(principal);
    return { task: this.summary(caller, await act(caller)) };
  }

  /** The task as the caller sees it, with what they may do next. */
  private summary(caller: AccessPolicy, stored: StoredResource) {
    return summarizeTask(stored.resource, osloDate(new Date()), taskPartiesOf(caller.scope, stored.resource));
  }
}

/** The patient a task is for, by id: what the view shows and its audit entry names. */
function patientOfTask(task: Resource): { id: string } | undefined {
  const reference = referenceOf(task.for);
  return reference?.startsWith('Patient/') ? { id: reference.slice('Patient/'.length) } : undefined;
}
