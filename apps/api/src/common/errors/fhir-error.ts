import { OperationOutcomeIssue } from '@app/fhir';

/**
 * A failure to report as an OperationOutcome with an HTTP status. Thrown anywhere below the FHIR
 * controller; the exception filter turns it into the response.
 */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OperationOutcomeIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((issue) => issue.diagnostics).join('; '));
  }

  static of(status: number, code: string, diagnostics: string, expression?: string): FhirError {
    return new FhirError(status, [{ severity: 'error', code, diagnostics, ...(expression ? { expression: [expression] } : {}) }]);
  }

  static badRequest(diagnostics: string, expression?: string): FhirError {
    return FhirError.of(400, 'invalid', diagnostics, expression);
  }

  static forbidden(diagnostics: string, expression?: string): FhirError {
    return FhirError.of(403, 'forbidden', diagnostics, expression);
  }

  /** A change that needs the client to say which version it saw (If-Match) came without it. */
  static preconditionRequired(diagnostics: string): FhirError {
    return FhirError.of(428, 'required', diagnostics);
  }

  static notFound(diagnostics: string): FhirError {
    return FhirError.of(404, 'not-found', diagnostics);
  }

  static gone(diagnostics: string): FhirError {
    return FhirError.of(410, 'deleted', diagnostics);
  }

  static conflict(diagnostics: string, expression?: string): FhirError {
    return FhirError.of(409, 'conflict', diagnostics, expression);
  }

  static preconditionFailed(diagnostics: string): FhirError {
    return FhirError.of(412, 'conflict', diagnostics);
  }

  static unprocessable(diagnostics: string, expression?: string): FhirError {
    return FhirError.of(422, 'processing', diagnostics, expression);
  }

  /** The same failure, pointed at a transaction entry so the sender knows which one failed. */
  inEntry(index: number): FhirError {
    const prefix = `Bundle.entry[${index}]`;
    return new FhirError(
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
