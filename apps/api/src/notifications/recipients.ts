import { ActorScope } from '../directory/actor-scope';

/** The notification recipients (and socket.io rooms) a caller reads: everything they act for. */
export function recipientsOf(scope: ActorScope): string[] {
  return [...scope.actsFor].filter((ref) => /^(PractitionerRole|Organization|HealthcareService)\//.test(ref));
}

/** The socket.io room of a recipient. */
export function roomOf(recipient: string): string {
  return `recipient:${recipient}`;
}
