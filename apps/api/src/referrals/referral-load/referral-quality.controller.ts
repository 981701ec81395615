import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ReferralFigures } from '@app/fhir/referrals/referral-board-panel';
import { NoPatientData } from '../../audit/patient-data.decorators';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { readWeeklyFiguresRequest } from '../../board-panels/weekly-figures.request';
import { Database } from '../../database/sql-client';
import { ApiExceptionFilter } from '../../http/api-exception.filter';
import { QueryParams } from '../../http/query-params';
import { MAX_REFERRAL_WEEKS, REFERRAL_WEEKS, ReferralFiguresQuery } from './referral-figures.query';
import { suppressedReferralFigures } from './referral-quality.figures';

/**
 * The quality team's figures on rejected referrals and the low-threshold service, per Oslo week over the
 * last `weeks` (default 12) for the municipality, one hospital or one GP office: rejections by unit and
 * reason, the share routed, time to triage, deadline breaches and outcomes. Aggregates only, suppressed
 * as the board suppresses.
 */
@Controller('api/quality/referrals')
@NoPatientData('aggregates only, small counts suppressed with complementary suppression')
@UseFilters(ApiExceptionFilter)
export class ReferralQualityController {
  constructor(
    private readonly database: Database,
    private readonly figures: ReferralFiguresQuery,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal, @Query() query: QueryParams): Promise<ReferralFigures> {
    const { scope, weeks } = readWeeklyFiguresRequest(principal, query, { fallback: REFERRAL_WEEKS, max: MAX_REFERRAL_WEEKS });
    const counted = (await this.figures.weekly(this.database, [scope], new Date(), weeks)).get(scope)!;
    return suppressedReferralFigures(scope, counted);
  }
}
