import { randomInt, randomUUID } from 'node:crypto';
import {
  HER_CONNECTION_TYPE,
  MESSAGE_TYPE_SYSTEM,
  MUNICIPAL_SERVICE_TYPE_SYSTEM,
  MessageType,
  MunicipalServiceType,
  ON_DUTY_ROLE_CODE,
  ORGANIZATION_TYPE_DISPLAY,
  ORGANIZATION_TYPE_SYSTEM,
  OpeningHours,
  OrganizationTypeCode,
  Resource,
} from '@app/fhir';
import { daysFromNow } from './clock';
import { TestApi } from './test-api';
import { callAs } from './transfers';

/*
 * Directory entries a test makes of its own, beside the seeded Bergen directory of the run (test-directory.ts):
 * each carries a made-up word only this run has, so neither the seed nor other files' entries match its searches
 * and it can count exactly.
 */

/** A made-up word only this run's entries carry. */
export function runTag(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  return `Xq${Array.from({ length: 6 }, () => letters[randomInt(letters.length)]).join('')}`;
}

export const coding = (system: string, code: string, display?: string) => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });

/** An identifier no other entry has (a test's entries are found by their names, not by it). */
export const entryIdentifier = () => [{ system: 'urn:bro:test:directory', value: randomUUID() }];

/** Creates the entry as the EHR's client would; its reference (`Type/id`). */
export async function createEntry(api: TestApi, resource: Resource): Promise<string> {
  const created = await callAs<Resource>(api, 'ehr', 'POST', `/fhir/R4/${resource.resourceType}`, resource);
  if (created.status !== 201) throw new Error(`${resource.resourceType}: ${created.status} ${JSON.stringify(created.body)}`);
  return `${resource.resourceType}/${created.body.id}`;
}

/** An organisation of the given type, in a district of Bergen when one is given. */
export function organizationEntry(name: string, type: OrganizationTypeCode, district?: string, extra: Partial<Resource> = {}): Resource {
  return {
    resourceType: 'Organization',
    identifier: entryIdentifier(),
    active: true,
    type: [coding(ORGANIZATION_TYPE_SYSTEM, type, ORGANIZATION_TYPE_DISPLAY[type])],
    name,
    ...(district ? { address: [{ city: 'Bergen', district }] } : {}),
    ...extra,
  };
}

/** A HER address taking dialogue messages and discharge summaries ("Epikrise"), in the order given. */
export function herEndpoint(herId: string, name: string, order: 'dialog-first' | 'discharge-summary-first' = 'dialog-first'): Resource {
  const types = [coding(MESSAGE_TYPE_SYSTEM, MessageType.Dialog), coding(MESSAGE_TYPE_SYSTEM, MessageType.DischargeSummary, 'Epikrise')];
  return {
    resourceType: 'Endpoint',
    identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.2', value: herId }],
    status: 'active',
    connectionType: HER_CONNECTION_TYPE,
    name,
    payloadType: order === 'dialog-first' ? types : types.reverse(),
    address: `her:${herId}`,
  };
}

/** Åsane's home nursing, open around the clock, by phone only (no HER address). */
export function homeNursingInAsane(tag: string): Resource {
  return {
    resourceType: 'HealthcareService',
    identifier: entryIdentifier(),
    active: true,
    name: `Hjemmesykepleien Åsane ${tag}`,
    type: [coding(MUNICIPAL_SERVICE_TYPE_SYSTEM, MunicipalServiceType.HomeNursing, 'Hjemmesykepleie')],
    coverageArea: [{ display: 'Åsane' }],
    telecom: [{ system: 'phone', value: '+47 55 56 00 00' }],
    availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }],
  };
}

/** What makes a PractitionerRole today's duty for GP questions: since an hour ago, for `hoursLeft` more hours, at its own phone. */
export function onDutyNow(hoursLeft: number, phone: string): Partial<Resource> {
  return {
    code: [coding(ON_DUTY_ROLE_CODE.system, ON_DUTY_ROLE_CODE.code, ON_DUTY_ROLE_CODE.display)],
    period: { start: daysFromNow(-1 / 24), end: daysFromNow(hoursLeft / 24) },
    telecom: [{ system: 'phone', value: phone }],
  };
}

/** Unit opening hours on weekdays, 08:00–15:30 (give to withOpeningHours). */
export const WEEKDAYS_0800_1530: OpeningHours[] = [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '08:00:00', availableEndTime: '15:30:00' }];
