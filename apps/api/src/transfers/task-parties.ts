import { Resource, TaskParty } from '@app/fhir';
import { ActorScope, actsForAny } from '../directory/actor-scope';
import { ownerOf, requesterOf } from './task-fields';

/** Which parties of a task the caller is: its requester (hospital side), its owner (GP side), both or neither. */
export function taskPartiesOf(scope: ActorScope, task: Resource): TaskParty[] {
  const parties: TaskParty[] = [];
  if (actsForAny(scope, [requesterOf(task)])) parties.push('requester');
  if (actsForAny(scope, [ownerOf(task)])) parties.push('owner');
  return parties;
}
