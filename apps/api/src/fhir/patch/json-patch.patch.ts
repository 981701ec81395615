import { applyPatch, Operation } from 'fast-json-patch';
import { Resource } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { assertJsonPatch } from '../validation/json-patch';
import { ResourcePatch } from './resource-patch';

/** A JSON Patch (RFC 6902) document, checked before it is applied (validation/json-patch.ts). */
export function jsonPatch(operations: unknown): ResourcePatch {
  assertJsonPatch(operations);
  return {
    format: 'JSON Patch',
    apply(resource: Resource): Resource {
      try {
        return applyPatch(structuredClone(resource), operations as Operation[], true, false).newDocument;
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        // A failed `test` operation is a precondition the client set, not a malformed patch.
        if ((error as { name?: string }).name === 'TEST_OPERATION_FAILED') throw DomainError.unprocessable(`JSON Patch test failed: ${message}`);
        throw DomainError.badRequest(`JSON Patch could not be applied: ${message}`);
      }
    },
  };
}
