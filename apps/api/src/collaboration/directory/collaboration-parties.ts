import { Resource, referenceOf } from '@app/fhir';

/** The parties a collaboration is between: organisations, and the services and people in a role who act for them. */
const PARTY = /^(Organization|PractitionerRole|HealthcareService)\/[A-Za-z0-9\-.]{1,64}$/;

function partiesIn(elements: unknown): string[] {
  const list = Array.isArray(elements) ? elements : [elements];
  return list.map(referenceOf).filter((reference): reference is string => reference !== undefined && PARTY.test(reference));
}

/**
 * Who works together in a Task (requester and owner), a ServiceRequest (requester and performers) or an
 * Appointment (its participants other than the patient): what "recently collaborated with" is made of.
 * Fewer than two parties is no collaboration.
 */
export function collaborationParties(resource: Resource): string[] {
  let parties: string[] = [];
  switch (resource.resourceType) {
    case 'Task':
      parties = [...partiesIn(resource.requester), ...partiesIn(resource.owner)];
      break;
    case 'ServiceRequest':
      parties = [...partiesIn(resource.requester), ...partiesIn(resource.performer)];
      break;
    case 'Appointment':
      parties = partiesIn(Array.isArray(resource.participant) ? (resource.participant as Array<{ actor?: unknown }>).map((participant) => participant?.actor) : []);
      break;
  }
  const distinct = [...new Set(parties)];
  return distinct.length >= 2 ? distinct : [];
}
