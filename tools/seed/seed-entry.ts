import { createHash } from 'node:crypto';
import { Reference, Resource } from '@app/fhir';

export interface BusinessIdentifier {
  system: string;
  value: string;
}

/**
 * One resource to load, with the business identifier its conditional create matches on. Other
 * entries point at it through `fullUrl` (`urn:uuid:`); the uploader turns those references into
 * `Type/id` once the server has answered for it.
 */
export interface SeedEntry<T extends Resource = Resource> {
  fullUrl: string;
  resource: T;
  identifier: BusinessIdentifier;
}

/** A name-based (version 5 style) UUID: the same business identifier always gets the same fullUrl. */
function uuidFor(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function seedEntry<T extends Resource>(resource: T, identifier: BusinessIdentifier): SeedEntry<T> {
  const carried = resource.identifier as BusinessIdentifier[] | undefined;
  if (!carried?.some((id) => id.system === identifier.system && id.value === identifier.value)) {
    throw new Error(`${resource.resourceType} must carry its business identifier ${identifier.system}|${identifier.value}`);
  }
  return { fullUrl: `urn:uuid:${uuidFor(`${resource.resourceType}|${identifier.system}|${identifier.value}`)}`, resource, identifier };
}

export function referenceTo(entry: SeedEntry, display?: string): Reference {
  return display ? { reference: entry.fullUrl, display } : { reference: entry.fullUrl };
}

/** The conditional-create criteria of an entry. */
export function ifNoneExistOf(entry: SeedEntry): string {
  // Encoded: a value may hold '+' (a duty's start time with its offset), which a query string reads as a space.
  return `identifier=${entry.identifier.system}|${encodeURIComponent(entry.identifier.value)}`;
}
