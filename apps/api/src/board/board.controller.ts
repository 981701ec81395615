import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { BoardScopeOption, BoardSnapshot } from '@app/fhir/board/board-metrics';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { BoardScopesService } from './board-scopes.service';
import { BoardService } from './board.service';
import { NoPatientData } from '../audit/patient-data.decorators';

/** The board over plain HTTP: which boards the caller may watch, and one board's current snapshot. */
@Controller('api/board')
@NoPatientData('aggregates only, small counts suppressed')
@UseFilters(ApiExceptionFilter)
export class BoardController {
  constructor(
    private readonly scopes: BoardScopesService,
    private readonly boards: BoardService,
  ) {}

  @Get('scopes')
  options(@CurrentPrincipal() principal: Principal): Promise<BoardScopeOption[]> {
    return this.scopes.optionsFor(principal);
  }

  @Get()
  async snapshot(@CurrentPrincipal() principal: Principal, @Query('scope') scope: unknown): Promise<BoardSnapshot> {
    const authorized = await this.scopes.authorize(principal, scope ?? 'municipality');
    return this.boards.current(await this.scopes.keyFor(principal, authorized));
  }
}
