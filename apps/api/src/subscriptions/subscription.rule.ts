import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { FhirError } from '../fhir/errors/fhir-error';
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

const MIN_SECRET_LENGTH = 32;
const MAX_HEARTBEAT_SECONDS = 3600;
const SECRET = 'subscription-secret';

/**
 * Checks a Subscription before it is stored: criteria a search Bro can run on a subscribable type,
 * and either a rest-hook channel to an http(s) endpoint with a signing secret, which is kept in its
 * own table and never stored in (or returned with) the resource, or a websocket channel. Bro
 * activates it (`status = active`).
 */
@Injectable()
export class SubscriptionRule implements ResourceWriteRule, OnModuleInit {
  constructor(private readonly fhir: FhirService) {}

  onModuleInit(): void {
    this.fhir.registerWriteRule('Subscription', this);
  }

  async prepare(next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    const criteria = parseCriteria(next.criteria);
    if (!criteria || !SUBSCRIBABLE_TYPES.includes(criteria.resourceType)) {
      throw FhirError.unprocessable(`Subscription.criteria is a search on ${SUBSCRIBABLE_TYPES.join(', ')}, e.g. "Task?owner=PractitionerRole/123"`, 'Subscription.criteria');
    }
    this.fhir.parseSearch(criteria.resourceType, criteria.pairs); // 400 with the reason when Bro cannot run it
    const channel = channelOf(next);
    const extensions = Array.isArray(next.extension) ? (next.extension as Array<{ url: string; valueString?: string }>) : [];
    const secret = extensions.find((e) => e.url === SIGNING_SECRET_EXTENSION)?.valueString;
    if (channel.type === ChannelType.RestHook) this.checkRestHook(channel, secret, previous);
    else if (channel.type === ChannelType.Websocket) this.checkWebsocket(next, secret);
    else throw FhirError.unprocessable(`Bro delivers Subscriptions by ${CHANNEL_TYPES.join(' or ')} (channel.type)`, 'Subscription.channel.type');
    const rest = extensions.filter((e) => e.url !== SIGNING_SECRET_EXTENSION);
    // Bro activates what it can deliver; `off` (the client's) and `error` (Bro's, after giving up) stay.
    const prepared: Resource = { ...next, status: next.status === 'off' || next.status === 'error' ? next.status : 'active' };
    if (rest.length) prepared.extension = rest;
    else delete prepared.extension;
    if (secret !== undefined) context.scratch.set(SECRET, secret);
    return prepared;
  }

  private checkRestHook(channel: SubscriptionChannel, secret: string | undefined, previous: StoredResource | undefined): void {
    if (!channel.endpoint || !/^https?:\/\/[^\s]+$/.test(channel.endpoint)) {
      throw FhirError.unprocessable('a rest-hook Subscription needs channel.endpoint, an http(s) URL', 'Subscription.channel.endpoint');
    }
    if (channel.header?.some((header) => !/^[A-Za-z0-9-]+:\s?.+$/.test(header))) {
      throw FhirError.unprocessable('channel.header entries are "Name: value"', 'Subscription.channel.header');
    }
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
      throw FhirError.unprocessable(`the signing secret has at least ${MIN_SECRET_LENGTH} characters`, 'Subscription.extension');
    }
    // A rest-hook Subscription keeps its secret across updates; one that becomes rest-hook needs one.
    if (secret === undefined && (!previous || channelOf(previous.resource).type !== ChannelType.RestHook)) {
      throw FhirError.unprocessable(`give the secret Bro signs notifications with in the extension ${SIGNING_SECRET_EXTENSION} (valueString)`, 'Subscription.extension');
    }
  }

  /**
   * A websocket client connects to Bro, so there is no endpoint to call and nothing to sign: the
   * binding token from `$get-ws-binding-token` is what authenticates the channel.
   */
  private checkWebsocket(next: Resource, secret: string | undefined): void {
    const channel = channelOf(next);
    if (channel.endpoint !== undefined || channel.header !== undefined) {
      throw FhirError.unprocessable('a websocket Subscription has no channel.endpoint or channel.header: the client connects to Bro', 'Subscription.channel');
    }
    if (secret !== undefined) {
      throw FhirError.unprocessable('a websocket Subscription has no signing secret: its notifications travel over the socket the client bound', 'Subscription.extension');
    }
    const heartbeat = requestedHeartbeatPeriod(next);
    if (heartbeat !== undefined && !(typeof heartbeat === 'number' && Number.isInteger(heartbeat) && heartbeat >= 1 && heartbeat <= MAX_HEARTBEAT_SECONDS)) {
      throw FhirError.unprocessable(`the heartbeat period is whole seconds from 1 to ${MAX_HEARTBEAT_SECONDS} (valueUnsignedInt)`, 'Subscription.channel.extension');
    }
  }

  async afterWrite(stored: StoredResource, _previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    const secret = context.scratch.get(SECRET);
    if (typeof secret !== 'string') return;
    await context.client.query(
      `INSERT INTO subscription_secret (subscription_id, secret) VALUES ($1, $2) ON CONFLICT (subscription_id) DO UPDATE SET secret = EXCLUDED.secret`,
      [stored.resource.id, secret],
    );
  }
}
