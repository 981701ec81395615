import { Controller, Get, Param, Post, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { FhirExceptionFilter } from '../fhir/http/fhir-exception.filter';
import { sendResource } from '../fhir/http/fhir-response';
import { WebsocketBindingTokenOperation } from './websocket-binding-token.operation';
import { NoPatientData } from '../audit/patient-data.decorators';

/** A binding token is a credential: no cache keeps it. */
const NOT_STORED = { 'Cache-Control': 'no-store' };

/** `GET|POST /fhir/R4/Subscription/{id}/$get-ws-binding-token` (the instance-level form; it takes no parameters). */
@Controller('fhir/R4/Subscription')
@NoPatientData('a short-lived credential for a Subscription the caller owns; what it delivers is audited per delivery')
@UseFilters(FhirExceptionFilter)
export class WebsocketBindingTokenController {
  constructor(private readonly operation: WebsocketBindingTokenOperation) {}

  @Get(':id/\\$get-ws-binding-token')
  async get(@Param('id') id: string, @CurrentPrincipal() caller: Principal, @Res() response: Response): Promise<void> {
    sendResource(response, 200, await this.operation.invoke(id, caller), NOT_STORED);
  }

  @Post(':id/\\$get-ws-binding-token')
  async post(@Param('id') id: string, @CurrentPrincipal() caller: Principal, @Res() response: Response): Promise<void> {
    sendResource(response, 200, await this.operation.invoke(id, caller), NOT_STORED);
  }
}
