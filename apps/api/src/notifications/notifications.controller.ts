import { Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { ActorScopeService } from '../directory/actor-scope.service';
import { DomainError } from '../common/errors/domain-error';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { QueryParams, readPaging, refuseUnknownParams } from '../http/query-params';
import { NotificationStore } from './notification.store';
import { recipientsOf } from './recipients';
import { NoPatientData } from '../audit/patient-data.decorators';

/** The notification bell: my notifications (unread first), mark one or all read. */
@Controller('api/notifications')
@NoPatientData('notification texts carry no patient identifiers; the task behind one is read through /api/tasks')
@UseFilters(ApiExceptionFilter)
export class NotificationsController {
  constructor(
    private readonly scopes: ActorScopeService,
    private readonly notifications: NotificationStore,
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

  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentPrincipal() principal: Principal) {
    return { marked: await this.notifications.markAllRead(await this.recipients(principal)) };
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
