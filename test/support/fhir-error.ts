/** What fhir-kit-client throws for a non-2xx answer. */
export interface FhirClientError {
  response: { status: number; data: { resourceType?: string; issue?: Array<{ code: string; diagnostics?: string; expression?: string[] }> } };
}

/** Runs a call that must fail and returns its status and OperationOutcome. */
export async function failureOf(call: Promise<unknown>): Promise<FhirClientError['response']> {
  try {
    await call;
  } catch (error) {
    const response = (error as FhirClientError).response;
    if (response) return response;
    throw error;
  }
  throw new Error('expected the FHIR call to fail, but it succeeded');
}
