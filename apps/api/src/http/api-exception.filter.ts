import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain-error';

/**
 * Errors of the /api endpoints as JSON the web app can show: `{ statusCode, error, message, field? }`.
 * Domain errors (the same rules answer both APIs) keep their status.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      const issue = exception.issues[0];
      response.status(exception.status).json({
        statusCode: exception.status,
        error: issue?.code ?? 'error',
        message: exception.message,
        ...(issue?.expression?.length ? { field: issue.expression[issue.expression.length - 1] } : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      response.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    // Internal details (and whatever patient data an error message might carry) stay in the server log.
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    response.status(500).json({ statusCode: 500, error: 'exception', message: 'an internal error occurred; it has been logged' });
  }
}
