import { Reference } from '../fhir-types';

/**
 * The hospital unit that planned a joint consultation (an Organization). R4's Appointment has no
 * requester, and the unit is no participant (it does not attend, answer or count towards booking), so
 * Bro records it as an extension. It decides who coordinates the consultation (the lifecycle's
 * `coordinator`) and, with the participants, who may see it. Set when the consultation is proposed; it
 * never changes, so nobody takes over a consultation by rewriting it.
 */
export const PLANNING_UNIT_EXTENSION = 'urn:bro:extension:planning-unit';

interface Extensible {
  extension?: Array<{ url?: string; valueReference?: Reference }>;
}

export function planningUnitOf(appointment: Extensible): string | undefined {
  return appointment.extension?.find((extension) => extension?.url === PLANNING_UNIT_EXTENSION)?.valueReference?.reference;
}

export function withPlanningUnit<T extends Extensible>(appointment: T, unit: string): T {
  const others = (appointment.extension ?? []).filter((extension) => extension?.url !== PLANNING_UNIT_EXTENSION);
  return { ...appointment, extension: [...others, { url: PLANNING_UNIT_EXTENSION, valueReference: { reference: unit } }] };
}
