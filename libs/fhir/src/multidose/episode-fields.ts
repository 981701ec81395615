import { codeIn, extensionOf, referenceOf } from '../element-access';
import { Resource } from '../fhir-types';
import { ERESEPT_MESSAGE_SYSTEM, EreseptMessage, isEreseptMessage } from './eresept-message';
import {
  EPISODE_TYPE_SYSTEM,
  MULTIDOSE_EPISODE_TYPE,
  MULTIDOSE_MODE_EXTENSION,
  MULTIDOSE_STATE_EXTENSION,
  MultidoseMode,
  MultidoseState,
  isMultidoseMode,
  isMultidoseState,
} from './multidose-state';

/** Typed reads of a multidose episode (`EpisodeOfCare`) and of the e-prescription events about it. */

export function isMultidoseEpisode(resource: Resource): boolean {
  if (resource.resourceType !== 'EpisodeOfCare') return false;
  const types = Array.isArray(resource.type) ? resource.type : [];
  return types.some((type) => codeIn(type, EPISODE_TYPE_SYSTEM) === MULTIDOSE_EPISODE_TYPE);
}

export function multidoseStateOf(episode: Resource): MultidoseState | undefined {
  const code = extensionOf(episode, MULTIDOSE_STATE_EXTENSION)?.valueCode;
  return isMultidoseState(code) ? code : undefined;
}

export function multidoseModeOf(episode: Resource): MultidoseMode | undefined {
  const code = extensionOf(episode, MULTIDOSE_MODE_EXTENSION)?.valueCode;
  return isMultidoseMode(code) ? code : undefined;
}

export function episodePatientOf(episode: Resource): string | undefined {
  return referenceOf(episode.patient);
}

/** The e-prescription message a Communication records, when it records one. */
export function ereseptMessageOf(communication: Resource): EreseptMessage | undefined {
  const categories = Array.isArray(communication.category) ? communication.category : [];
  for (const category of categories) {
    const code = codeIn(category, ERESEPT_MESSAGE_SYSTEM);
    if (isEreseptMessage(code)) return code;
  }
  return undefined;
}

/** Whether a Communication carries a coding of the e-prescription message system at all (valid or not). */
export function carriesEreseptMessage(communication: Resource): boolean {
  const categories = Array.isArray(communication.category) ? communication.category : [];
  return categories.some((category) => codeIn(category, ERESEPT_MESSAGE_SYSTEM) !== undefined);
}
