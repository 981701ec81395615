import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { BoardScope, parseBoardScope } from '@app/fhir/board/board-metrics';
import { ConsultationBoardPanel } from '@app/fhir/consultations/consultation-board-panel';
import { QUALITY_DASHBOARD_ROLES } from '../../access/access-policy';
import { Disclosure } from '../../access/complementary-suppression';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { requireRole } from '../../auth/require-role';
import { DomainError } from '../../common/errors/domain-error';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { ConsultationBoardPanelProvider } from './consultation-board-panel.provider';

/**
 * The quality team's joint consultation figures: the board's consultations panel, for the municipality,
 * one hospital or one GP office, counted afresh and suppressed as the board suppresses it.
 */
@Controller('api/quality/consultations')
@NoPatientData('aggregates only, small counts suppressed')
@UseFilters(ApiExceptionFilter)
export class ConsultationQualityController {
  constructor(private readonly panel: ConsultationBoardPanelProvider) {}

  @Get()
  async figures(@CurrentPrincipal() principal: Principal, @Query('scope') scope?: string): Promise<ConsultationBoardPanel> {
    requireRole(principal, QUALITY_DASHBOARD_ROLES);
    const wanted = (scope ?? 'municipality') as BoardScope;
    if (!parseBoardScope(wanted)) throw DomainError.badRequest('scope is municipality, hospital:Organization/<id> or office:Organization/<id>', 'scope');
    const counted = (await this.panel.count([wanted], new Date())).get(wanted)!;
    return counted.show(new Disclosure(counted.sameTasks));
  }
}
