import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  DISPENSING_PHARMACY_EXTENSION,
  EpisodeParty,
  INITIAL_MULTIDOSE_STATES,
  IdentifierSystem,
  MULTIDOSE_MODE_EXTENSION,
  MULTIDOSE_STATES,
  MULTIDOSE_STATE_EXTENSION,
  MultidoseState,
  PACKED_OLD_LIST_EXTENSION,
  Resource,
  episodeTransition,
  episodeTransitionsFrom,
  extensionOf,
  isMultidoseEpisode,
  multidoseModeOf,
  multidoseStateOf,
  referenceOf,
  sameJson,
} from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { ActorScopeService } from '../../directory/actor-scope.service';
import { actsForAny } from '../../directory/actor-scope';
import { FhirService } from '../../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { StoredResource } from '../../fhir/store/stored-resource';
import { MULTIDOSE_CHANGE_FACT, MultidoseChangeFacts } from './multidose-event';

/** Why Bro moved an episode, for the event and the status history (set by Bro's own services in `scratch`). */
export const EPISODE_CAUSE = 'multidose.cause';

const PARTY_NAMES: Record<EpisodeParty, string> = {
  doctor: 'the multidose-responsible doctor or their GP office',
  hospital: 'the hospital unit during the stay',
  bro: 'Bro itself (admission, discharge, e-prescription messages)',
};

const HPR = /^\d{1,9}$/;
const HER = /^\d{1,9}$/;

interface StatusHistoryEntry {
  status: string;
  period: { start?: string; end?: string };
}

function describeMoves(from: MultidoseState): string {
  const moves = episodeTransitionsFrom(from).map((move) => `${move.to} (by ${move.by.join(' or ')})`);
  return moves.length ? `from ${from} an episode can go to ${moves.join(', ')}` : `${from} is final: a new episode starts anew`;
}

/**
 * The multidose episode (`EpisodeOfCare` of type multidose) on every write path: its state from the rules
 * table (who may move it where), the R4 status and status history kept in step by Bro, the responsible
 * doctor's HPR number and the pharmacy's HER id well formed, the patient never changed.
 */
@Injectable()
export class MultidoseEpisodeRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly scopes: ActorScopeService,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('EpisodeOfCare', this);
  }

  appliesTo(resource: Resource): boolean {
    return isMultidoseEpisode(resource);
  }

  /** The parties the writer is; Bro's own writes (and services that decided the move) are `bro`. */
  private async partiesOf(context: WriteRuleContext, episode: Resource): Promise<EpisodeParty[]> {
    if (!context.actor || context.decidedByService) return ['bro'];
    const scope = context.access?.scope ?? (await this.scopes.scopeOf(context.actor, context.client));
    const parties: EpisodeParty[] = [];
    if (actsForAny(scope, [referenceOf(episode.careManager), referenceOf(episode.managingOrganization)])) parties.push('doctor');
    const { rowCount } = await context.client.query(
      `SELECT 1 FROM fhir_encounter WHERE sp_subject = $1 AND (sp_service_provider = ANY($2::text[]) OR sp_practitioner && $2::text[])
          AND sp_status IN ('arrived', 'triaged', 'in-progress', 'onleave') LIMIT 1`,
      [referenceOf(episode.patient), [...scope.actsFor]],
    );
    if (rowCount) parties.push('hospital');
    return parties;
  }

  async prepare(given: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    if (!isMultidoseEpisode(given)) throw DomainError.conflict('a multidose episode stays one (EpisodeOfCare.type urn:bro:episode-type|multidose)', 'EpisodeOfCare.type');
    const to = multidoseStateOf(given);
    if (!to) {
      throw DomainError.unprocessable(
        `a multidose episode carries its state in extension ${MULTIDOSE_STATE_EXTENSION} (valueCode: ${Object.keys(MULTIDOSE_STATES).join(', ')})`,
        'EpisodeOfCare.extension',
      );
    }
    this.assertWellFormed(given);
    const parties = await this.partiesOf(context, previous?.resource ?? given);
    if (!previous) {
      if (!INITIAL_MULTIDOSE_STATES.includes(to)) throw DomainError.conflict(`a multidose episode starts as ${INITIAL_MULTIDOSE_STATES.join(', ')}`, 'EpisodeOfCare.extension');
      if (!parties.includes('doctor') && !parties.includes('bro')) {
        throw DomainError.forbidden(`only ${PARTY_NAMES.doctor} (EpisodeOfCare.careManager or managingOrganization) registers a multidose episode`, 'EpisodeOfCare.careManager');
      }
      const { rows } = await context.client.query<{ id: string }>(
        `SELECT id FROM fhir_episode_of_care WHERE sp_patient = $1 AND sp_type @> ARRAY['sv:urn:bro:episode-type|multidose'] AND sp_multidose_state IS DISTINCT FROM 'ended' LIMIT 1`,
        [referenceOf(given.patient)],
      );
      // The unique index refuses a second one under concurrency too; this names the one there is.
      if (rows[0]) throw DomainError.conflict(`the patient already has an open multidose episode (EpisodeOfCare/${rows[0].id}): change that one`, 'EpisodeOfCare.patient');
      return this.withStatus(given, undefined, to);
    }
    const current = previous.resource;
    if (!sameJson(referenceOf(given.patient), referenceOf(current.patient))) throw DomainError.conflict('EpisodeOfCare.patient cannot change', 'EpisodeOfCare.patient');
    const from = multidoseStateOf(current) ?? MultidoseState.Candidate;
    if (from === to) {
      if (from === MultidoseState.Ended && !parties.includes('bro')) throw DomainError.conflict(`EpisodeOfCare/${current.id} has ended and is closed to changes`, 'EpisodeOfCare.extension');
      if (!parties.length) throw DomainError.forbidden(`only ${PARTY_NAMES.doctor} or ${PARTY_NAMES.hospital} may change EpisodeOfCare/${current.id}`);
      return this.withStatus(given, current, to);
    }
    const move = episodeTransition(from, to);
    if (!move) throw DomainError.conflict(`EpisodeOfCare/${current.id} cannot go from ${from} to ${to}: ${describeMoves(from)}`, 'EpisodeOfCare.extension');
    if (!move.by.some((party) => parties.includes(party))) {
      throw DomainError.forbidden(`only ${move.by.map((party) => PARTY_NAMES[party]).join(' or ')} may move a multidose episode from ${from} to ${to}`, 'EpisodeOfCare.extension');
    }
    if (!parties.includes('bro') && !context.ifMatchGiven) {
      throw DomainError.preconditionRequired(`a state change needs If-Match with the version you saw (EpisodeOfCare/${current.id} is at W/"${previous.versionId}")`);
    }
    return this.withStatus(given, current, to);
  }

  private assertWellFormed(episode: Resource): void {
    const manager = episode.careManager as { identifier?: { system?: string; value?: unknown } } | undefined;
    if (manager?.identifier && (manager.identifier.system !== IdentifierSystem.Hpr || typeof manager.identifier.value !== 'string' || !HPR.test(manager.identifier.value))) {
      throw DomainError.unprocessable(`the responsible doctor's identifier is an HPR number (${IdentifierSystem.Hpr}, digits)`, 'EpisodeOfCare.careManager.identifier');
    }
    const pharmacy = extensionOf(episode, DISPENSING_PHARMACY_EXTENSION)?.valueReference?.identifier;
    if (extensionOf(episode, DISPENSING_PHARMACY_EXTENSION) && (pharmacy?.system !== IdentifierSystem.Her || !HER.test(String(pharmacy?.value ?? '')))) {
      throw DomainError.unprocessable(`the dispensing pharmacy is named by its HER id (valueReference.identifier, ${IdentifierSystem.Her})`, 'EpisodeOfCare.extension');
    }
    if (extensionOf(episode, MULTIDOSE_MODE_EXTENSION) && !multidoseModeOf(episode)) {
      throw DomainError.unprocessable(`${MULTIDOSE_MODE_EXTENSION} is e-multidose or paper`, 'EpisodeOfCare.extension');
    }
  }

  /** The R4 status and its history follow the state; Bro keeps them, whatever the writer sent. */
  private withStatus(next: Resource, current: Resource | undefined, to: MultidoseState): Resource {
    const status = MULTIDOSE_STATES[to].episodeStatus;
    const now = new Date().toISOString();
    const history = (Array.isArray(current?.statusHistory) ? current!.statusHistory : []) as StatusHistoryEntry[];
    const previousStatus = current?.status as string | undefined;
    let statusHistory = history;
    if (previousStatus && previousStatus !== status) {
      statusHistory = [...history, { status: previousStatus, period: { start: (current!.period as { start?: string } | undefined)?.start ?? now, end: now } }];
    }
    const period = { ...((current?.period ?? next.period) as { start?: string; end?: string } | undefined) };
    if (!period.start) period.start = now;
    if (to === MultidoseState.Ended) period.end = now;
    return { ...next, status, period, ...(statusHistory.length ? { statusHistory } : {}) };
  }

  async afterWrite(stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const to = multidoseStateOf(stored.resource)!;
    const from = previous ? multidoseStateOf(previous.resource) ?? null : null;
    const oldListFlagged = !!extensionOf(stored.resource, PACKED_OLD_LIST_EXTENSION) && !(previous && extensionOf(previous.resource, PACKED_OLD_LIST_EXTENSION));
    if (from === to && !oldListFlagged) return;
    const facts: MultidoseChangeFacts = {
      episodeId: stored.resource.id!,
      from,
      to,
      careManager: referenceOf(stored.resource.careManager) ?? null,
      organization: referenceOf(stored.resource.managingOrganization) ?? null,
      pharmacy: extensionOf(stored.resource, DISPENSING_PHARMACY_EXTENSION)?.valueReference?.identifier?.value ?? null,
      mode: multidoseModeOf(stored.resource) ?? null,
      cause: (context.scratch.get(EPISODE_CAUSE) as string | undefined) ?? null,
      actorRole: context.actor?.role ?? null,
      ...(oldListFlagged ? { oldListFlagged } : {}),
    };
    context.eventFacts[MULTIDOSE_CHANGE_FACT] = facts;
  }

  async beforeDelete(current: StoredResource): Promise<void> {
    throw DomainError.conflict(`EpisodeOfCare/${current.resource.id} is kept: end the episode instead of deleting it`);
  }
}
