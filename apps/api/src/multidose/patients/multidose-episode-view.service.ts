import { Injectable } from '@nestjs/common';
import {
  DEREGISTRATION_EXTENSION,
  ERESEPT_MESSAGE_SYSTEM,
  EPISODE_TYPE_SYSTEM,
  MULTIDOSE_EPISODE_TYPE,
  MultidoseState,
  OPEN_MULTIDOSE_UPDATE_STATUSES,
  PACKED_FROM_LIST_EXTENSION,
  Resource,
  TASK_KIND_SYSTEM,
  TaskKind,
  ereseptMessageOf,
  extensionOf,
  multidoseModeOf,
  multidoseStateOf,
  referenceOf,
} from '@app/fhir';
import { MultidoseEpisodeView, MultidoseTimelineEntry } from '@app/fhir/multidose/multidose-patient-answers';
import { Principal } from '../../auth/principal';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { hasDeviation, lastCompleteListOf, pharmacyOf, updateTaskSummary } from './multidose-episode-fields';

/** History read a page of this many versions at a time, and at most this many pages (an episode moves a few times a year). */
const HISTORY_PAGE = '500';
const MAX_HISTORY_PAGES = 20;
/** E-prescription events of the patient read at once (an M25.3 every 14 days is 26 a year). */
const MAX_EVENTS = '500';

function versionOf(resource: Resource): number {
  return Number(resource.meta?.versionId);
}

/**
 * A patient's multidose episode as the caller may see it, with its timeline: the state changes read from
 * the episode's FHIR history and the e-prescription events (Communications of the patient in
 * `urn:bro:eresept-message`), merged by time, oldest first. Every read goes through FhirService as the
 * caller, so the access policy decides (a coordinator only while the patient is in the unit's bed; 404 as
 * if there were none otherwise) and every resource shown is audited.
 */
@Injectable()
export class MultidoseEpisodeViewService {
  constructor(private readonly fhir: FhirService) {}

  /** The patient's open episode, else their latest ended one; 404 when the caller sees none. */
  async episodeOf(principal: Principal, patientId: string): Promise<Resource> {
    const request = this.fhir.parseSearch('EpisodeOfCare', [
      ['patient', `Patient/${patientId}`],
      ['type', `${EPISODE_TYPE_SYSTEM}|${MULTIDOSE_EPISODE_TYPE}`],
      ['_count', '50'],
    ]);
    const { matches } = await this.fhir.search(request, { actor: principal });
    const newestFirst = [...matches].sort((a, b) => String(b.meta?.lastUpdated).localeCompare(String(a.meta?.lastUpdated)));
    const episode = newestFirst.find((candidate) => multidoseStateOf(candidate) !== MultidoseState.Ended) ?? newestFirst[0];
    if (!episode) throw DomainError.notFound(`Patient/${patientId} has no multidose episode you may see`);
    return episode;
  }

  async view(principal: Principal, patientId: string, now = new Date()): Promise<MultidoseEpisodeView> {
    const episode = await this.episodeOf(principal, patientId);
    const [versions, events, update] = await Promise.all([this.versionsOf(principal, episode.id!), this.eventsOf(principal, patientId), this.openUpdateOf(principal, episode.id!)]);
    const first = versions[0];
    const ended = multidoseStateOf(episode) === MultidoseState.Ended ? String(episode.meta?.lastUpdated) : undefined;
    // The events of this episode: recorded while it was open (an event needs an open episode to be recorded).
    const ofThisEpisode = events.filter((event) => {
      const recorded = String(event.meta?.lastUpdated);
      return (!first || recorded >= String(first.meta?.lastUpdated)) && (!ended || recorded <= ended);
    });
    const timeline: MultidoseTimelineEntry[] = [...stateChanges(versions), ...ofThisEpisode.map(messageEntry)].sort((a, b) => a.at.localeCompare(b.at));
    const careManager = episode.careManager as { reference?: string; display?: string; identifier?: { value?: string } } | undefined;
    const mode = multidoseModeOf(episode);
    const pharmacy = pharmacyOf(episode);
    const lastCompleteList = lastCompleteListOf(episode);
    const today = osloDate(now);
    return {
      episodeId: episode.id!,
      episodeVersion: versionOf(episode),
      patient: { id: patientId },
      state: multidoseStateOf(episode) ?? MultidoseState.Candidate,
      ...(mode ? { mode } : {}),
      ...(pharmacy ? { pharmacy } : {}),
      ...(careManager
        ? { careManager: { ...(careManager.reference ? { reference: careManager.reference } : {}), ...(careManager.identifier?.value ? { hpr: careManager.identifier.value } : {}), ...(careManager.display ? { display: careManager.display } : {}) } }
        : {}),
      ...(referenceOf(episode.managingOrganization) ? { managingOrganization: referenceOf(episode.managingOrganization) } : {}),
      ...(lastCompleteList ? { lastCompleteList } : {}),
      deviation: hasDeviation(episode),
      ...(update ? { update: updateTaskSummary(update, today, versionOf(update)) } : {}),
      timeline,
    };
  }

  /** Every version of the episode, oldest first, through FHIR history as the caller. */
  private async versionsOf(principal: Principal, episodeId: string): Promise<Resource[]> {
    const versions: Resource[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const history = await this.fhir.history({ resourceType: 'EpisodeOfCare', id: episodeId, count: HISTORY_PAGE, cursor }, principal);
      for (const entry of history.entries) if (entry.resource) versions.push(entry.resource as Resource);
      cursor = history.nextCursor;
      if (!cursor) break;
    }
    return versions.sort((a, b) => versionOf(a) - versionOf(b));
  }

  private async eventsOf(principal: Principal, patientId: string): Promise<Resource[]> {
    const request = this.fhir.parseSearch('Communication', [
      ['patient', `Patient/${patientId}`],
      ['category', `${ERESEPT_MESSAGE_SYSTEM}|`],
      ['_count', MAX_EVENTS],
    ]);
    return (await this.fhir.search(request, { actor: principal })).matches;
  }

  /** The episode's open update Task (the oldest due, if ever more than one), as the caller may see it. */
  private async openUpdateOf(principal: Principal, episodeId: string): Promise<Resource | undefined> {
    const request = this.fhir.parseSearch('Task', [
      ['focus', `EpisodeOfCare/${episodeId}`],
      ['code', `${TASK_KIND_SYSTEM}|${TaskKind.MultidoseUpdate}`],
      ['status', OPEN_MULTIDOSE_UPDATE_STATUSES.join(',')],
      ['_count', '10'],
    ]);
    const { matches } = await this.fhir.search(request, { actor: principal });
    const due = (task: Resource) => String((task.restriction as { period?: { end?: string } } | undefined)?.period?.end ?? '9999');
    return [...matches].sort((a, b) => due(a).localeCompare(due(b)))[0];
  }
}

/** The versions where the state changed (and the first), each at the time of its version. */
function stateChanges(versions: Resource[]): MultidoseTimelineEntry[] {
  const entries: MultidoseTimelineEntry[] = [];
  let previous: MultidoseState | undefined;
  for (const version of versions) {
    const state = multidoseStateOf(version);
    if (!state || state === previous) continue;
    entries.push({ kind: 'state', at: String(version.meta?.lastUpdated), version: versionOf(version), ...(previous ? { from: previous } : {}), to: state });
    previous = state;
  }
  return entries;
}

function messageEntry(event: Resource): MultidoseTimelineEntry {
  const packedFrom = extensionOf(event, PACKED_FROM_LIST_EXTENSION);
  const packedFromList = packedFrom?.valueDateTime ?? packedFrom?.valueDate;
  return {
    kind: 'message',
    at: new Date(String(event.sent ?? event.meta?.lastUpdated)).toISOString(),
    id: event.id!,
    message: ereseptMessageOf(event)!,
    ...(extensionOf(event, DEREGISTRATION_EXTENSION)?.valueBoolean === true ? { deregistration: true } : {}),
    ...(typeof packedFromList === 'string' ? { packedFromList } : {}),
  };
}
