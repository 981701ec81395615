import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { HospitalQuestionList } from '@app/fhir/api/api-answers';
import { PatientDataAuditedInside, ReturnsPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { DomainError } from '../../common/errors/domain-error';
import { taskPartiesOf } from '../../directory/task-parties';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { queryText, refuseUnknownParams } from '../../http/query-params';
import { readBody } from '../../http/request-body';
import { TaskActionsService } from '../task-actions.service';
import { summarizeTask } from '../task-summary';
import { HospitalQuestionsQuery, hospitalQuestionsAudit } from './hospital-questions.query';
import { InformationAnswerService } from './information-answer.service';

/** "Spørsmål fra fastlege": the GPs' questions about the coordinator's unit's tasks, and the unit's answers. */
@Controller('api/questions')
@UseFilters(ApiExceptionFilter)
export class QuestionsController {
  constructor(
    private readonly actions: TaskActionsService,
    private readonly questions: HospitalQuestionsQuery,
    private readonly answers: InformationAnswerService,
  ) {}

  /** `?state=open` (the default): waiting for an answer; `?state=answered`: answered in the last 30 days. */
  @Get()
  @ReturnsPatientData(hospitalQuestionsAudit)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>): Promise<HospitalQuestionList> {
    requireRole(principal, ['coordinator']);
    refuseUnknownParams(query, ['state']);
    const state = queryText(query, 'state') ?? 'open';
    if (state !== 'open' && state !== 'answered') throw DomainError.badRequest('state is open or answered', 'state');
    return this.questions.list(await this.actions.callerOf(principal), state);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @PatientDataAuditedInside('FhirService: the answer is an audited create, and the task it resumes an audited update')
  async answer(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    requireRole(principal, ['coordinator']);
    const input = readBody(body, { answer: { type: 'string', required: true, maxLength: 4000 } });
    const caller = await this.actions.callerOf(principal);
    const { answer, task } = await this.answers.answer(caller, id, input.answer);
    return { answer: { id: answer.resource.id }, task: summarizeTask(task.resource, osloDate(new Date()), taskPartiesOf(caller.scope, task.resource)) };
  }
}
