import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { readBody } from '../http/request-body';
import { CollaborationDeviationService } from './collaboration-deviation.service';
import { HandoverListQuery } from './handover-list.query';
import { HandoverDetailsQuery } from './handover-details.query';
import { AccessPolicy, HANDOVER_SENDER_ROLES } from '../access/access-policy';
import { FhirService } from '../fhir/fhir.service';
import { requireRole } from '../auth/require-role';
import { TaskListQuery, parseTaskListFilters, taskListAudit } from './task-list.query';
import { NoPatientData, ReturnsPatientData } from '../audit/patient-data.decorators';
import { HandoverDetails, HandoverPage, TaskPage } from '@app/fhir/api/api-answers';
import { HandoverRecipientAnswer } from '@app/fhir/api/handover-recipient-answers';
import { HandoverRecipientService } from './handover-recipient.service';

const TEXT = { type: 'string', maxLength: 4000 } as const;
const REQUIRED_TEXT = { ...TEXT, required: true } as const;
/** Fields of a deviation Bro sets itself, refused by name when a body tries to (as is any other unknown field). */
const SET_BY_BRO = ['reporter', 'reporterName', 'reporterHpr', 'reporterOrganization', 'hospitalUnit', 'handoverId', 'createdAt', 'id'];

/** The hospital side of hand-overs: my unit's hand-overs and their tasks, and collaboration deviations. */
@Controller('api/handovers')
@NoPatientData('deviations describe the collaboration: a hand-over and task id, never the patient')
@UseFilters(ApiExceptionFilter)
export class HandoversController {
  constructor(
    private readonly handovers: HandoverListQuery,
    private readonly lists: TaskListQuery,
    private readonly deviations: CollaborationDeviationService,
    private readonly recipients: HandoverRecipientService,
    private readonly details: HandoverDetailsQuery,
    private readonly fhir: FhirService,
  ) {}

  /**
   * Before sending: who the patient is and whose inbox the hand-over will reach. A POST so the fødselsnummer
   * stays out of addresses, logs and the browser's history; it writes nothing.
   */
  @Post('recipient')
  @HttpCode(200)
  @ReturnsPatientData((answer: HandoverRecipientAnswer) =>
    answer.patient ? [{ subtype: 'search-type' as const, entity: { type: 'Patient', id: answer.patient.id }, patient: `Patient/${answer.patient.id}`, query: 'api/handovers/recipient' }] : [],
  )
  recipient(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<HandoverRecipientAnswer> {
    requireRole(principal, HANDOVER_SENDER_ROLES);
    const { personNumber } = readBody(body, { personNumber: { type: 'string', required: true, maxLength: 11 } });
    return this.recipients.lookUp(principal, personNumber);
  }

  @Get()
  @ReturnsPatientData((page: HandoverPage) =>
    page.handovers.map((h) => ({ subtype: 'search-type' as const, entity: { type: 'Patient', id: h.patient.id }, patient: `Patient/${h.patient.id}`, query: 'api/handovers' })),
  )
  async list(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    requireRole(principal, ['coordinator', 'system']);
    // `q` searches the unit's hand-overs by patient, among the patients the caller's access policy lets them see.
    return this.handovers.list(await this.callerOf(principal), query);
  }

  /** The unit's transferred tasks, e.g. `?status=rejected&awaiting=hospital` for the contested ones to take back or re-assign. */
  @Get('tasks')
  @ReturnsPatientData((page: TaskPage) => taskListAudit(page, 'api/handovers/tasks'))
  async tasks(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    requireRole(principal, ['coordinator', 'system']);
    return this.lists.list((await this.callerOf(principal)).scope, 'requester', parseTaskListFilters(query));
  }

  /** One of the unit's hand-overs, opened from the list: how it stands and each of its tasks (404 for another unit's). */
  @Get(':id')
  @ReturnsPatientData((answer: HandoverDetails) => [
    { subtype: 'read' as const, entity: { type: 'Patient', id: answer.handover.patient.id }, patient: `Patient/${answer.handover.patient.id}` },
    ...answer.tasks.map((task) => ({ subtype: 'read' as const, entity: { type: 'Task', id: task.id, version: task.version }, patient: `Patient/${answer.handover.patient.id}` })),
  ])
  async handover(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<HandoverDetails> {
    requireRole(principal, ['coordinator', 'system']);
    return this.details.details(await this.callerOf(principal), id);
  }

  @Post(':id/deviations')
  fileDeviation(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    requireRole(principal, ['gp']);
    const claimed = body && typeof body === 'object' ? SET_BY_BRO.filter((field) => field in body) : [];
    if (claimed.length) throw DomainError.badRequest(`${claimed.join(', ')} cannot be given: Bro takes who reports from your sign-in and the directory, and the hospital unit from the hand-over`, claimed[0]);
    const input = readBody(body, {
      whatHappened: REQUIRED_TEXT,
      agreementPoint: { type: 'string', required: true, maxLength: 200 },
      immediateMeasures: REQUIRED_TEXT,
      reporterPhone: { type: 'string', maxLength: 40 },
      reporterEmail: { type: 'string', maxLength: 200 },
      taskId: { type: 'string', maxLength: 64 },
    });
    return this.deviations.file(principal, id, input);
  }

  @Get(':id/deviations')
  async listDeviations(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { deviations: await this.deviations.list(principal, id) };
  }

  /** The caller's policy; a hand-over is its tasks, so a system client reads hand-overs only with Task search. */
  private async callerOf(principal: Principal): Promise<AccessPolicy> {
    const caller = await this.fhir.policyOf(principal);
    if (!caller) throw new Error('a signed-in caller has an access policy');
    caller.assertMay('Task', 'search');
    return caller;
  }
}
