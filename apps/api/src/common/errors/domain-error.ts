import { OperationOutcomeIssue } from '@app/fhir';

/**
 * A request refused by a check or a domain rule: an HTTP status and what is wrong where (issues). The
 * same rules answer both APIs, so it names neither: the FHIR API's exception filter renders it as an
 * OperationOutcome, the /api filter as `{ error, field }`, the board gateway as its acknowledgement.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OperationOutcomeIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((issue) => issue.diagnostics).join('; '));
  }

  static of(status: number, code: string, diagnostics: string, expression?: string): DomainError {
    return new DomainError(status, [{ severity: 'error', code, diagnostics, ...(expression ? { expression: [expression] } : {}) }]);
  }

  static badRequest(diagnostics: string, expression?: string): DomainError {
    return DomainError.of(400, 'invalid', diagnostics, expression);
  }

  static forbidden(diagnostics: string, expression?: string): DomainError {
    return DomainError.of(403, 'forbidden', diagnostics, expression);
  }

  /** A change that needs the client to say which version it saw (If-Match) came without it. */
  static preconditionRequired(diagnostics: string): DomainError {
    return DomainError.of(428, 'required', diagnostics);
  }

  static notFound(diagnostics: string): DomainError {
    return DomainError.of(404, 'not-found', diagnostics);
  }

  static gone(diagnostics: string): DomainError {
    return DomainError.of(410, 'deleted', diagnostics);
  }

  static conflict(diagnostics: string, expression?: string): DomainError {
    return DomainError.of(409, 'conflict', diagnostics, expression);
  }

  static preconditionFailed(diagnostics: string): DomainError {
    return DomainError.of(412, 'conflict', diagnostics);
  }

  static unprocessable(diagnostics: string, expression?: string): DomainError {
    return DomainError.of(422, 'processing', diagnostics, expression);
  }

  /** The same failure, pointed at a transaction entry so the sender knows which one failed. */
  inEntry(index: number): DomainError {
    const prefix = `Bundle.entry[${index}]`;
    return new DomainError(
      this.status,
      this.issues.map((issue) => ({
        ...issue,
        diagnostics: `${prefix}: ${issue.diagnostics ?? ''}`,
        expression: [prefix, ...(issue.expression ?? [])],
      })),
      this.headers,
    );
  }
}
