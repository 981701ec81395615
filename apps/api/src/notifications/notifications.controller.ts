import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { BellAnswer } from '@app/fhir/api/api-answers';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { ActorScopeService } from '../directory/actor-scope.service';
import { DomainError } from '../common/errors/domain-error';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { QueryParams, readPaging, refuseUnknownParams } from '../http/query-params';
import { NotificationStore } from './notification.store';
import { recipientsOf } from './recipients';
import { NoPatientData, PatientDataAuditedInside } from '../audit/patient-data.decorators';
import { readBody } from '../http/request-body';
import { NotificationSubjects } from './notification-subjects';

/** Unread notifications of one kind from one sender that the bell shows as one line ("12 nye oppgaver fra …"). */
export const BELL_GROUP_MINIMUM = 3;

/** The notification bell: my notifications (unread first), mark one or all read. */
@Controller('api/notifications')
@NoPatientData('notification texts carry no patient identifiers; the task behind one is read through /api/tasks')
@UseFilters(ApiExceptionFilter)
export class NotificationsController {
  constructor(
    private readonly scopes: ActorScopeService,
    private readonly notifications: NotificationStore,
    private readonly subjects: NotificationSubjects,
  ) {}

  private async recipients(principal: Principal): Promise<string[]> {
    return recipientsOf(await this.scopes.scopeOf(principal));
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams) {
    refuseUnknownParams(query, ['page', 'pageSize']);
    const { page, pageSize } = readPaging(query, { fallback: 30, max: 100 });
    return this.notifications.list(await this.recipients(principal), page, pageSize);
  }

  /**
   * The bell as the web app shows it: many unread alike as groups, the rest one by one, each naming the
   * patient of its resource, the explanation it states and the question asked — resolved now, as the reader,
   * through the access policy (see NotificationSubjects), never stored in the notification or pushed.
   */
  @Get('bell')
  @PatientDataAuditedInside('NotificationSubjects: patients named through an audited FhirService search as the reader')
  async bell(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<BellAnswer> {
    refuseUnknownParams(query, ['page', 'pageSize']);
    const { page, pageSize } = readPaging(query, { fallback: 30, max: 100 });
    const listed = await this.notifications.listGrouped(await this.recipients(principal), page, pageSize, BELL_GROUP_MINIMUM);
    const subjects = await this.subjects.of(principal, listed.notifications);
    return {
      ...listed,
      notifications: listed.notifications.map((notification) => ({ ...notification, ...subjects.get(notification.id) })),
    };
  }

  /** All read, or one group of the bell (`kind` and `from`, both given). */
  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const only = readBody(body ?? {}, { kind: { type: 'string', maxLength: 64 }, from: { type: 'string', maxLength: 200 } });
    if ((only.kind === undefined) !== (only.from === undefined)) throw DomainError.badRequest('a group is marked read by its kind and from, both given', only.kind ? 'from' : 'kind');
    const group = only.kind !== undefined && only.from !== undefined ? { kind: only.kind, from: only.from } : undefined;
    return { marked: await this.notifications.markAllRead(await this.recipients(principal), group) };
  }

  @Post(':id/read')
  @HttpCode(200)
  async read(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    if (!/^\d{1,18}$/.test(id) || !(await this.notifications.markRead(await this.recipients(principal), id))) {
      throw DomainError.notFound('no such notification among yours');
    }
    return { id, read: true };
  }
}
