import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { FhirError } from './errors/fhir-error';

/** What a system-level operation answers: a resource and the HTTP status to send it with. */
export interface OperationResult {
  status: number;
  resource: Resource;
}

export type OperationHandler = (body: unknown, actor: Principal | undefined) => Promise<OperationResult>;

/**
 * System-level operations (`POST /fhir/R4/$name`), registered by the features that implement
 * them, so the FHIR controller routes them without knowing each one.
 */
@Injectable()
export class FhirOperations {
  private readonly handlers = new Map<string, OperationHandler>();

  register(name: string, handler: OperationHandler): void {
    if (this.handlers.has(name)) throw new Error(`operation $${name} is registered twice`);
    this.handlers.set(name, handler);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }

  invoke(name: string, body: unknown, actor: Principal | undefined): Promise<OperationResult> {
    const handler = this.handlers.get(name);
    if (!handler) throw FhirError.notFound(`Bro does not offer the operation $${name}`);
    return handler(body, actor);
  }
}
