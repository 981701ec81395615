import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/errors/domain-error';
import { sendOperationOutcome } from './fhir-response';

const ISSUE_CODES: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  412: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
  503: 'transient',
};

/** The FHIR issue code for an HTTP status, for errors that did not start as a DomainError. */
export function issueCodeFor(status: number): string {
  return ISSUE_CODES[status] ?? (status >= 500 ? 'exception' : 'invalid');
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Every error on /fhir/R4 leaves as an OperationOutcome with the matching HTTP status. */
@Catch()
export class FhirExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('FHIR');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    if (exception instanceof DomainError) {
      sendOperationOutcome(response, exception.status, exception.issues, exception.headers);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
      sendOperationOutcome(response, status, [{ severity: 'error', code: issueCodeFor(status), diagnostics: messageOf(exception) }], headers);
      return;
    }
    // Only the method, route pattern and error class are logged: a message could quote patient data.
    const name = exception instanceof Error ? exception.name : typeof exception;
    this.logger.error(`${request.method} ${request.route?.path ?? 'unknown route'} failed: ${name}`, (exception as Error)?.stack);
    sendOperationOutcome(response, 500, [{ severity: 'fatal', code: 'exception', diagnostics: 'internal error; the request was not completed' }]);
  }
}
