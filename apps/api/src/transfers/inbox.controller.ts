import { Body, Controller, Get, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { ActorScopeService } from '../directory/actor-scope.service';
import { DomainError } from '../common/errors/domain-error';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { readBody } from '../http/request-body';
import { requireRole } from '../auth/require-role';
import { TaskActionsService } from './task-actions.service';
import { TaskListQuery, parseTaskListFilters, taskListAudit } from './task-list.query';
import { NoPatientData, PatientDataAuditedInside, ReturnsPatientData } from '../audit/patient-data.decorators';
import { TaskPage } from '@app/fhir/api/api-answers';

const MAX_BULK = 100;

/** The GP inbox: my tasks and my office's, filtered and sorted by due date, with badge counts. */
@Controller('api/inbox')
@PatientDataAuditedInside('FhirService: accepting is an audited update')
@UseFilters(ApiExceptionFilter)
export class InboxController {
  constructor(
    private readonly scopes: ActorScopeService,
    private readonly lists: TaskListQuery,
    private readonly actions: TaskActionsService,
  ) {}

  @Get('tasks')
  @ReturnsPatientData((page: TaskPage) => taskListAudit(page, 'api/inbox/tasks'))
  async tasks(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    requireRole(principal, ['gp']);
    const filters = parseTaskListFilters(query);
    return this.lists.list(await this.scopes.scopeOf(principal), 'owner', filters);
  }

  @Get('counts')
  @NoPatientData('counts only')
  async counts(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    requireRole(principal, ['gp']);
    const { scope } = parseTaskListFilters(query);
    return this.lists.counts(await this.scopes.scopeOf(principal), 'owner', scope);
  }

  @Post('bulk-accept')
  @HttpCode(200)
  async bulkAccept(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    requireRole(principal, ['gp']);
    const { tasks } = readBody(body, { tasks: { type: 'object-array', required: true } });
    if (tasks.length > MAX_BULK) throw DomainError.badRequest(`accept at most ${MAX_BULK} tasks at a time`, 'tasks');
    const versions = tasks.map((task, index) => {
      const { id, version } = readBody(task, { id: { type: 'string', required: true, maxLength: 64 }, version: { type: 'integer', required: true } });
      if (tasks.findIndex((other) => other.id === id) !== index) throw DomainError.badRequest(`task ${id} is listed twice`, 'tasks');
      return { id, version };
    });
    // One lookup of the caller for all the tasks: each is still checked and written on its own.
    return { results: await this.actions.bulkAccept(await this.actions.callerOf(principal), versions) };
  }
}
