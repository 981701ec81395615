import { Resource, TaskParty, referenceOf } from '@app/fhir';
import { ActorScope, actsForAny } from './actor-scope';

/** Which parties of a Task the caller is: its requester, its owner, both or neither (every workflow's Tasks alike). */
export function taskPartiesOf(scope: ActorScope, task: Resource): TaskParty[] {
  const parties: TaskParty[] = [];
  if (actsForAny(scope, [referenceOf(task.requester)])) parties.push('requester');
  if (actsForAny(scope, [referenceOf(task.owner)])) parties.push('owner');
  return parties;
}
