import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { SqlClient } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { FhirService } from '../fhir/fhir.service';
import { ResourceWriteRule, WriteRuleContext } from '../fhir/store/resource-write.rule';
import { StoredResource } from '../fhir/store/stored-resource';
import {
  CHANNEL_TYPES,
  ChannelType,
  SIGNING_SECRET_EXTENSION,
  SUBSCRIBABLE_TYPES,
  SubscriptionChannel,
  channelOf,
  parseCriteria,
  requestedHeartbeatPeriod,
} from './subscription-fields';
import { maskedChannelHeaders, resolveChannelHeaders } from './channel-headers';
import { decideEndpoint, endpointAddressProblem } from './subscription-endpoint';
import { recordOwner } from './subscription-owner';

const MIN_SECRET_LENGTH = 32;
const MAX_HEARTBEAT_SECONDS = 3600;
const SECRET = 'subscription-secret';
const HEADERS = 'subscription-headers';

/**
 * Checks a Subscription before it is stored: criteria a search Bro can run on a subscribable type that
 * its creator may search themselves (it delivers what they could read), and either a rest-hook
 * channel to a public https endpoint with a signing secret and header values, which are kept in their
 * own tables and never stored in (or returned with) the resource, or a websocket channel. Bro
 * activates it (`status = active`) and records who created it: only they see and change it.
 */
@Injectable()
export class SubscriptionRule implements ResourceWriteRule, OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Subscription', this);
  }

  async prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    const criteria = parseCriteria(next.criteria);
    if (!criteria || !SUBSCRIBABLE_TYPES.includes(criteria.resourceType)) {
      throw DomainError.unprocessable(`Subscription.criteria is a search on ${SUBSCRIBABLE_TYPES.join(', ')}, e.g. "Task?owner=PractitionerRole/123"`, 'Subscription.criteria');
    }
    this.fhir.parseSearch(criteria.resourceType, criteria.pairs); // 400 with the reason when Bro cannot run it
    if (context.actor) await this.assertOwnerMayRead(context.actor, criteria.resourceType, context.client);
    const channel = channelOf(next);
    const extensions = Array.isArray(next.extension) ? (next.extension as Array<{ url: string; valueString?: string }>) : [];
    const secret = extensions.find((e) => e.url === SIGNING_SECRET_EXTENSION)?.valueString;
    let headers: string[] = [];
    if (channel.type === ChannelType.RestHook) {
      await this.checkRestHook(channel, secret, previous);
      headers = resolveChannelHeaders(channel.header, previous ? await this.storedHeaders(context.client, previous.resource.id!) : []);
    } else if (channel.type === ChannelType.Websocket) this.checkWebsocket(next, secret);
    else throw DomainError.unprocessable(`Bro delivers Subscriptions by ${CHANNEL_TYPES.join(' or ')} (channel.type)`, 'Subscription.channel.type');
    const rest = extensions.filter((e) => e.url !== SIGNING_SECRET_EXTENSION);
    // Bro activates what it can deliver; `off` (the client's) and `error` (Bro's, after giving up) stay.
    const prepared: Resource = { ...next, status: next.status === 'off' || next.status === 'error' ? next.status : 'active' };
    if (rest.length) prepared.extension = rest;
    else delete prepared.extension;
    // Header values live beside the secret: the resource (and so every read, search and history) has the names only.
    if (channel.header !== undefined) prepared.channel = { ...channel, header: maskedChannelHeaders(headers) };
    if (secret !== undefined) context.scratch.set(SECRET, secret);
    context.scratch.set(HEADERS, headers);
    return prepared;
  }

  /**
   * A Subscription delivers whole resources of its criteria's type to its creator: they must be allowed to
   * search that type themselves (an administrator may manage Subscriptions but reads no patient data).
   */
  private async assertOwnerMayRead(actor: Principal, resourceType: string, client: SqlClient): Promise<void> {
    const policy = await this.fhir.policyOf(actor, client);
    try {
      policy?.assertMay(resourceType, 'search');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw DomainError.forbidden(
        `a Subscription sends its creator the ${resourceType} resources it matches, and ${error.message}; ask a system client that may read ${resourceType} to subscribe`,
        'Subscription.criteria',
      );
    }
  }

  private async storedHeaders(client: SqlClient, subscriptionId: string): Promise<string[]> {
    const { rows } = await client.query<{ headers: string[] }>(`SELECT headers FROM subscription_header WHERE subscription_id = $1`, [subscriptionId]);
    return rows[0]?.headers ?? [];
  }

  private async checkRestHook(channel: SubscriptionChannel, secret: string | undefined, previous: StoredResource | undefined): Promise<void> {
    if (!channel.endpoint) throw DomainError.unprocessable('a rest-hook Subscription needs channel.endpoint, an https URL', 'Subscription.channel.endpoint');
    const decision = decideEndpoint(channel.endpoint, this.config.subscriptionHttpAllowedHosts);
    if (typeof decision === 'string') throw DomainError.unprocessable(decision, 'Subscription.channel.endpoint');
    const blocked = await endpointAddressProblem(decision);
    if (blocked) throw DomainError.unprocessable(blocked, 'Subscription.channel.endpoint');
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
      throw DomainError.unprocessable(`the signing secret has at least ${MIN_SECRET_LENGTH} characters`, 'Subscription.extension');
    }
    // A rest-hook Subscription keeps its secret across updates; one that becomes rest-hook needs one.
    if (secret === undefined && (!previous || channelOf(previous.resource).type !== ChannelType.RestHook)) {
      throw DomainError.unprocessable(`give the secret Bro signs notifications with in the extension ${SIGNING_SECRET_EXTENSION} (valueString)`, 'Subscription.extension');
    }
  }

  /**
   * A websocket client connects to Bro, so there is no endpoint to call and nothing to sign: the
   * binding token from `$get-ws-binding-token` is what authenticates the channel.
   */
  private checkWebsocket(next: Resource, secret: string | undefined): void {
    const channel = channelOf(next);
    if (channel.endpoint !== undefined || channel.header !== undefined) {
      throw DomainError.unprocessable('a websocket Subscription has no channel.endpoint or channel.header: the client connects to Bro', 'Subscription.channel');
    }
    if (secret !== undefined) {
      throw DomainError.unprocessable('a websocket Subscription has no signing secret: its notifications travel over the socket the client bound', 'Subscription.extension');
    }
    const heartbeat = requestedHeartbeatPeriod(next);
    if (heartbeat !== undefined && !(typeof heartbeat === 'number' && Number.isInteger(heartbeat) && heartbeat >= 1 && heartbeat <= MAX_HEARTBEAT_SECONDS)) {
      throw DomainError.unprocessable(`the heartbeat period is whole seconds from 1 to ${MAX_HEARTBEAT_SECONDS} (valueUnsignedInt)`, 'Subscription.channel.extension');
    }
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const id = stored.resource.id!;
    // Bro's own updates (a delivery given up) keep the owner; a caller's write is the owner's (others find nothing to update).
    if (context.actor && !(await recordOwner(context.client, id, context.actor))) {
      throw DomainError.conflict(`Subscription/${id} belongs to someone else: create yours with POST, and Bro gives it an id`);
    }
    const secret = context.scratch.get(SECRET);
    if (typeof secret === 'string') {
      await context.client.query(
        `INSERT INTO subscription_secret (subscription_id, secret) VALUES ($1, $2) ON CONFLICT (subscription_id) DO UPDATE SET secret = EXCLUDED.secret`,
        [id, secret],
      );
    }
    const headers = context.scratch.get(HEADERS) as string[] | undefined;
    if (headers) {
      await context.client.query(
        `INSERT INTO subscription_header (subscription_id, headers) VALUES ($1, $2) ON CONFLICT (subscription_id) DO UPDATE SET headers = EXCLUDED.headers`,
        [id, headers],
      );
    }
  }
}
