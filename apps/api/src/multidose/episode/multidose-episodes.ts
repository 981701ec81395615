import { Injectable } from '@nestjs/common';
import {
  LAST_COMPLETE_LIST_EXTENSION,
  MULTIDOSE_STATE_EXTENSION,
  MULTIDOSE_UPDATE_WORKING_DAYS,
  MultidoseState,
  OPEN_MULTIDOSE_UPDATE_STATUSES,
  PACKED_OLD_LIST_EXTENSION,
  Resource,
  TaskKind,
  episodeTransition,
  multidoseStateOf,
  referenceOf,
  withExtension,
  withTaskKind,
} from '@app/fhir';
import { osloDate } from '../../common/calendar/oslo-calendar';
import { addWorkingDays } from '../../common/calendar/working-days';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';
import { EPISODE_CAUSE } from './multidose-episode.rule';

/** `Task.code` token of a multidose update Task, as its column holds it. */
const UPDATE_TASK_TOKEN = 'sv:urn:bro:task-kind|multidose-update';

/**
 * Bro's own moves of a patient's multidose episode, each inside the transaction of what caused it (an
 * admission, a discharge hand-over, an e-prescription event), through FhirService as Bro's own writes so
 * the episode rule, history, audit and outbox see them as any other write.
 */
@Injectable()
export class MultidoseEpisodes {
  constructor(private readonly fhir: FhirService) {}

  /** The patient's open multidose episode, locked for this transaction; undefined when they have none. */
  async openEpisodeOf(client: SqlClient, patient: string | undefined): Promise<StoredResource | undefined> {
    if (!patient) return undefined;
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM fhir_episode_of_care WHERE sp_patient = $1 AND sp_type @> ARRAY['sv:urn:bro:episode-type|multidose'] AND sp_multidose_state IS DISTINCT FROM 'ended' LIMIT 1`,
      [patient],
    );
    return rows[0] ? this.fhir.readForUpdate('EpisodeOfCare', rows[0].id, { client }) : undefined;
  }

  /** Moves the episode if the table lets Bro make that move from where it stands; returns the stored version either way. */
  async move(client: SqlClient, episode: StoredResource, to: MultidoseState, cause: string, change: (resource: Resource) => Resource = (r) => r): Promise<StoredResource> {
    const from = multidoseStateOf(episode.resource) ?? MultidoseState.Candidate;
    const moving = from !== to && episodeTransition(from, to)?.by.includes('bro');
    const next = change(moving ? withExtension(episode.resource, MULTIDOSE_STATE_EXTENSION, { valueCode: to }) : episode.resource);
    if (!moving && next === episode.resource) return episode;
    const scratch = new Map<string, unknown>([[EPISODE_CAUSE, cause]]);
    return this.fhir.update('EpisodeOfCare', episode.resource.id!, next, { client, ifMatch: episode.versionId, current: episode, decidedByService: true, scratch });
  }

  /** The episode's open update Tasks (usually none or one). */
  async openUpdateTasks(client: SqlClient, episodeId: string): Promise<StoredResource[]> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM fhir_task WHERE sp_focus = $1 AND sp_code @> ARRAY[$2] AND sp_status = ANY($3::text[]) ORDER BY last_updated`,
      [`EpisodeOfCare/${episodeId}`, UPDATE_TASK_TOKEN, OPEN_MULTIDOSE_UPDATE_STATUSES],
    );
    const tasks: StoredResource[] = [];
    for (const row of rows) {
      const task = await this.fhir.readForUpdate('Task', row.id, { client });
      if (task) tasks.push(task);
    }
    return tasks;
  }

  /**
   * A discharge changed the medication of a multidose patient: the episode becomes change-pending and the
   * responsible doctor gets one update Task, due in 2 working days, linked to every change of the stay.
   */
  async medicationChanged(client: SqlClient, change: { patient: string; changed: string; requester?: unknown; encounter?: unknown }): Promise<void> {
    const episode = await this.openEpisodeOf(client, change.patient);
    const state = episode && multidoseStateOf(episode.resource);
    if (!episode || !state || ![MultidoseState.Active, MultidoseState.SuspendedAdmitted, MultidoseState.ChangePending].includes(state)) return;
    const [open] = await this.openUpdateTasks(client, episode.resource.id!);
    if (open) {
      const links = Array.isArray(open.resource.basedOn) ? (open.resource.basedOn as Array<{ reference?: string }>) : [];
      if (!links.some((link) => link.reference === change.changed)) {
        await this.fhir.update('Task', open.resource.id!, { ...open.resource, basedOn: [...links, { reference: change.changed }] }, { client, ifMatch: open.versionId, current: open, decidedByService: true });
      }
    } else {
      await this.fhir.create('Task', this.updateTask(episode.resource, change), { client, decidedByService: true });
    }
    await this.move(client, episode, MultidoseState.ChangePending, 'discharge-medication-change');
  }

  private updateTask(episode: Resource, change: { patient: string; changed: string; requester?: unknown; encounter?: unknown }): Resource {
    const owner = episode.careManager && referenceOf(episode.careManager) ? episode.careManager : episode.managingOrganization;
    return withTaskKind(
      {
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        priority: 'urgent',
        description: 'Send oppdatert legemiddelliste (M25.1) for multidosepasient etter utskrivning',
        for: { reference: change.patient },
        focus: { reference: `EpisodeOfCare/${episode.id}` },
        basedOn: [{ reference: change.changed }],
        ...(change.encounter ? { encounter: change.encounter } : {}),
        ...(change.requester ? { requester: change.requester } : {}),
        owner,
        authoredOn: new Date().toISOString(),
        restriction: { period: { end: addWorkingDays(osloDate(new Date()), MULTIDOSE_UPDATE_WORKING_DAYS) } },
      },
      TaskKind.MultidoseUpdate,
    );
  }

  /** The responsible doctor sent the complete list (M25.1): the episode is active again and its open update Tasks are done. */
  async completeListSent(client: SqlClient, patient: string, sent: string): Promise<StoredResource | undefined> {
    const episode = await this.openEpisodeOf(client, patient);
    if (!episode) return undefined;
    for (const task of await this.openUpdateTasks(client, episode.resource.id!)) {
      await this.fhir.update('Task', task.resource.id!, { ...task.resource, status: 'completed' }, { client, ifMatch: task.versionId, current: task, decidedByService: true });
    }
    const state = multidoseStateOf(episode.resource);
    const to = state === MultidoseState.SuspendedAdmitted ? state : MultidoseState.Active;
    return this.move(client, episode, to, 'M25.1', (resource) =>
      withExtension(withExtension(resource, LAST_COMPLETE_LIST_EXTENSION, { valueDateTime: sent }), PACKED_OLD_LIST_EXTENSION, undefined),
    );
  }
}
