import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { versionFromETag } from '../fhir/store/stored-resource';

/** The version the caller saw: If-Match (W/"3") or `version` in the body. Every task action needs one. */
export function versionOfRequest(request: Request, bodyVersion: number | undefined): number {
  const header = request.headers['if-match'];
  const fromHeader = header === undefined ? undefined : versionFromETag(String(header));
  if (header !== undefined && fromHeader === undefined) throw DomainError.badRequest(`If-Match must be a version ETag such as W/"3"`);
  const version = fromHeader ?? bodyVersion;
  if (version === undefined) throw DomainError.preconditionRequired('say which version of the task you saw: If-Match: W/"n" or "version": n in the body');
  return version;
}
