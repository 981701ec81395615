import { Body, Controller, Get, HttpCode, Param, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { CONTEST_REASON_CODES, Resource } from '@app/fhir';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { taskPartiesOf } from './task-parties';
import { ActorScopeService } from '../directory/actor-scope.service';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { readBody } from '../http/request-body';
import { versionOfRequest } from '../http/version-of-request';
import { StoredResource } from '../fhir/store/stored-resource';
import { osloDate } from '../common/calendar/oslo-calendar';
import { TaskActionsService } from './task-actions.service';
import { summarizeTask } from './task-summary';
import { TaskTransitionLog } from './task-transition.log';
import { FhirService } from '../fhir/fhir.service';
import { PatientDataAuditedInside, ReturnsPatientData } from '../audit/patient-data.decorators';
import { TaskSummary } from '@app/fhir/api/api-answers';

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
    private readonly scopes: ActorScopeService,
  ) {}

  @Get(':id')
  @ReturnsPatientData((answer: { task: TaskSummary }) => [
    { subtype: 'read', entity: { type: 'Task', id: answer.task.id, version: answer.task.version }, patient: answer.task.patient && `Patient/${answer.task.patient.id}` },
  ])
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const { stored, scope } = await this.actions.visibleTask(principal, id);
    return {
      task: summarizeTask(stored.resource, osloDate(new Date()), taskPartiesOf(scope, stored.resource), patientOfTask(stored.resource)),
      history: await this.transitions.history(this.fhir.database, id),
    };
  }

  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' } });
    return this.answer(p, this.actions.accept(p, { id, version: versionOfRequest(request, input.version) }));
  }

  @Post(':id/start')
  @HttpCode(200)
  start(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' } });
    return this.answer(p, this.actions.start(p, { id, version: versionOfRequest(request, input.version) }));
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
    return this.answer(p, this.actions.complete(p, { id, version: versionOfRequest(request, input.version) }, input.note));
  }

  @Post(':id/hold')
  @HttpCode(200)
  hold(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, WITH_NOTE);
    return this.answer(p, this.actions.hold(p, { id, version: versionOfRequest(request, input.version) }, input.note));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, WITH_NOTE);
    return this.answer(p, this.actions.cancel(p, { id, version: versionOfRequest(request, input.version) }, input.note));
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
    return this.answer(p, this.actions.contest(p, { id, version: versionOfRequest(request, input.version) }, { reason, text: input.text }));
  }

  @Post(':id/forward')
  @HttpCode(200)
  async forward(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' }, owner: OWNER_REFERENCE, text: { type: 'string', maxLength: 2000 } });
    const { contested, successor } = await this.actions.forward(p, { id, version: versionOfRequest(request, input.version) }, input.owner, input.text);
    return { task: await this.summary(p, contested), successor: { id: successor.resource.id, owner: input.owner } };
  }

  @Post(':id/request-information')
  @HttpCode(200)
  async requestInformation(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' }, question: { type: 'string', required: true, maxLength: 4000 } });
    const result = await this.actions.requestInformation(p, { id, version: versionOfRequest(request, input.version) }, input.question);
    return { task: await this.summary(p, result.task), communication: { id: result.communication.resource.id } };
  }

  @Post(':id/take-back')
  @HttpCode(200)
  takeBack(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' } });
    return this.answer(p, this.actions.takeBack(p, { id, version: versionOfRequest(request, input.version) }));
  }

  @Post(':id/reassign')
  @HttpCode(200)
  async reassign(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Req() request: Request, @Body() body: unknown) {
    const input = readBody(body, { version: { type: 'integer' }, owner: OWNER_REFERENCE });
    const { contested, successor } = await this.actions.reassign(p, { id, version: versionOfRequest(request, input.version) }, input.owner);
    return { task: await this.summary(p, contested), successor: { id: successor.resource.id, owner: input.owner } };
  }

  private async answer(principal: Principal, result: Promise<StoredResource>) {
    return { task: await this.summary(principal, await result) };
  }

  /** The task as the caller sees it, with what they may do next (their scope is cached: no extra read). */
  private async summary(principal: Principal, stored: StoredResource) {
    return summarizeTask(stored.resource, osloDate(new Date()), taskPartiesOf(await this.scopes.scopeOf(principal), stored.resource));
  }
}

/** The patient a task is for, by id: what the view shows and its audit entry names. */
function patientOfTask(task: Resource): { id: string } | undefined {
  const reference = (task.for as { reference?: string } | undefined)?.reference;
  return reference?.startsWith('Patient/') ? { id: reference.slice('Patient/'.length) } : undefined;
}
