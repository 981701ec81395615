import { Resource } from '@app/fhir';

/** A resource as it is stored: the JSON with meta.versionId and meta.lastUpdated set by the server. */
export interface StoredResource {
  resource: Resource;
  versionId: number;
  lastUpdated: string;
}

export function etagOf(versionId: number | string): string {
  return `W/"${versionId}"`;
}

/** The highest version number a resource can have (the column is a PostgreSQL integer). */
export const MAX_VERSION = 2_147_483_647;

/** Reads `W/"3"` (or `"3"`, or `3`) as version 3; anything else, `W/"1e99"` and beyond MAX_VERSION too, is not a version. */
export function versionFromETag(etag: string): number | undefined {
  const match = /^(?:W\/)?"?([^"]*)"?$/.exec(etag.trim());
  return match && isVersionNumber(match[1]) ? Number(match[1]) : undefined;
}

/** Whether text is a version number a resource can have: digits only, at most MAX_VERSION. */
export function isVersionNumber(text: string): boolean {
  return /^\d{1,10}$/.test(text) && Number(text) <= MAX_VERSION;
}

export function stamp(resource: Resource, id: string, versionId: number, lastUpdated: string): Resource {
  return { ...resource, id, meta: { ...(resource.meta ?? {}), versionId: String(versionId), lastUpdated } };
}
