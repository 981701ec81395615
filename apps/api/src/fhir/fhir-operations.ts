import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';

/** Where an operation is invoked: `[base]/$name`, `[base]/<Type>/$name` or `[base]/<Type>/<id>/$name`. */
export type OperationLevel = 'system' | 'type' | 'instance';

/** One invocation, as the router received it. */
export interface OperationCall {
  method: 'GET' | 'POST';
  body: unknown;
  /** The query string's parameters, in order (`_count`, `_since`, ...; `_format` and `_pretty` left out). */
  params?: Array<[string, string]>;
  actor?: Principal;
  resourceType?: string;
  id?: string;
}

/** What an operation answers: a resource, the HTTP status, and any headers of its own. */
export interface OperationResult {
  status: number;
  resource: Resource;
  headers?: Record<string, string>;
}

/** An operation a feature offers: its name, level, canonical definition and handler. */
export interface OperationDeclaration {
  name: string;
  level: OperationLevel;
  /** The type it is on, for type- and instance-level operations. */
  resourceType?: string;
  /** The canonical URL of its OperationDefinition, listed in the CapabilityStatement. */
  definition: string;
  /** False for an operation that only reads: it may then also be invoked by GET. */
  affectsState: boolean;
  invoke(call: OperationCall): Promise<OperationResult>;
}

const keyOf = (level: OperationLevel, name: string, resourceType?: string) => `${level}:${resourceType ?? ''}:${name}`;

/**
 * The FHIR operations at every level, registered by the features that implement them; the FHIR
 * controller routes `$name` at the system, a type or one resource here without knowing any.
 */
@Injectable()
export class FhirOperations {
  private readonly declarations = new Map<string, OperationDeclaration>();

  register(declaration: OperationDeclaration): void {
    if ((declaration.level === 'system') !== (declaration.resourceType === undefined)) {
      throw new Error(`operation $${declaration.name}: a system operation names no type, a type or instance operation names one`);
    }
    const key = keyOf(declaration.level, declaration.name, declaration.resourceType);
    if (this.declarations.has(key)) throw new Error(`operation $${declaration.name} is registered twice at ${declaration.level} level`);
    this.declarations.set(key, declaration);
  }

  /** Every registered operation. */
  all(): OperationDeclaration[] {
    return [...this.declarations.values()];
  }

  /** The operations of a level (and type), for the CapabilityStatement. */
  listed(level: OperationLevel, resourceType?: string): Array<{ name: string; definition: string }> {
    return [...this.declarations.values()]
      .filter((d) => d.level === level && d.resourceType === resourceType)
      .map(({ name, definition }) => ({ name, definition }));
  }

  async invoke(level: OperationLevel, name: string, call: OperationCall): Promise<OperationResult> {
    const declaration = this.declarations.get(keyOf(level, name, call.resourceType));
    const where = level === 'system' ? '' : level === 'type' ? ` on ${call.resourceType}` : ` on a ${call.resourceType}`;
    if (!declaration) throw DomainError.notFound(`Bro does not offer the operation $${name}${where}`);
    if (call.method === 'GET' && declaration.affectsState) {
      throw DomainError.of(405, 'not-supported', `$${name} changes data, so it is invoked by POST`);
    }
    return declaration.invoke(call);
  }
}
