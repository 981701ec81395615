import { randomUUID } from 'node:crypto';
import { IdentifierSystem, Resource, generateFodselsnummer } from '@app/fhir';
import { demoUnit } from './test-directory';
import { daysFromNow } from './clock';

/** Test resources always carry a business identifier, so tests can search for exactly what they made. */
export type Identified = Resource & { identifier: Array<{ system: string; value: string }> };

function random(): number {
  return Math.random();
}

const issued = new Set<string>();
const EIGHTY_YEARS_IN_DAYS = 80 * 365;

/**
 * A synthetic fødselsnummer no other call in this run has given: a random birth date over eighty
 * years and a random individual number (about 14 million combinations), re-drawn on a repeat.
 * Every test file is its own module, so the space must be large, not a per-file sequence.
 */
export function syntheticFodselsnummer(): string {
  for (;;) {
    const birth = new Date(Date.UTC(1930, 0, 1) + Math.floor(random() * EIGHTY_YEARS_IN_DAYS) * 86_400_000);
    const number = generateFodselsnummer(birth, random);
    if (!issued.has(number)) {
      issued.add(number);
      return number;
    }
  }
}

export function patient(extra: Partial<Resource> = {}): Identified {
  return {
    resourceType: 'Patient',
    identifier: [{ system: IdentifierSystem.Fodselsnummer, value: syntheticFodselsnummer() }],
    name: [{ family: 'Testesen', given: ['Kari'] }],
    birthDate: '1950-01-01',
    ...extra,
  };
}

export function organization(name = 'Testkontoret legesenter', extra: Partial<Resource> = {}): Identified {
  return {
    resourceType: 'Organization',
    identifier: [{ system: 'urn:bro:test:organization', value: randomUUID() }],
    name,
    ...extra,
  };
}

export function practitioner(): Identified {
  return {
    resourceType: 'Practitioner',
    identifier: [{ system: IdentifierSystem.Hpr, value: String(100000000 + Math.floor(Math.random() * 800000000)) }],
    name: [{ family: 'Lege', given: ['Test'] }],
  };
}

export function task(patientId: string, ownerReference: string, extra: Partial<Resource> = {}): Identified {
  return {
    resourceType: 'Task',
    identifier: [{ system: 'urn:bro:test:task', value: randomUUID() }],
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    for: { reference: `Patient/${patientId}` },
    owner: { reference: ownerReference },
    requester: { reference: demoUnit() },
    authoredOn: daysFromNow(-1),
    ...extra,
  };
}
