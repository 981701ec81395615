import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DomainError } from '../common/errors/domain-error';
import { FhirService } from '../fhir/fhir.service';
import { FhirOperations } from '../fhir/fhir-operations';
import { CapabilityExtensions } from '../fhir/capability-extensions';
import { ChannelType, channelOf, parseCriteria } from './subscription-fields';
import { WebsocketBindingTokenStore } from './websocket-binding-token.store';
import { websocketUrlOf } from './websocket-endpoint';

/** A binding token is a credential: no cache keeps it. */
const NOT_STORED = { 'Cache-Control': 'no-store' };

/**
 * `GET|POST Subscription/{id}/$get-ws-binding-token`: a short-lived token that binds a websocket to this
 * Subscription for this caller. Whoever may read the Subscription may ask (403/404 as for reading
 * it), provided they may also read what its notifications carry: the socket sends whole resources.
 */
@Injectable()
export class WebsocketBindingTokenOperation implements OnModuleInit {
  constructor(
    private readonly fhir: FhirService,
    private readonly tokens: WebsocketBindingTokenStore,
    private readonly operations: FhirOperations,
    private readonly capabilities: CapabilityExtensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.operations.register({
      name: 'get-ws-binding-token',
      level: 'instance',
      resourceType: 'Subscription',
      definition: 'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-get-ws-binding-token',
      // It issues a token but changes no resource: GET is as good as POST, as the backport allows.
      affectsState: false,
      invoke: async ({ id, actor }) => ({ status: 200, resource: await this.invoke(id!, actor!), headers: NOT_STORED }),
    });
    // Where websocket Subscriptions are bound (R4's standard CapabilityStatement extension for it).
    this.capabilities.add({ url: 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket', valueUri: websocketUrlOf(this.config.fhirBaseUrl) });
  }

  async invoke(subscriptionId: string, caller: Principal): Promise<Resource> {
    const { resource: subscription } = await this.fhir.read('Subscription', subscriptionId, { actor: caller });
    if (channelOf(subscription).type !== ChannelType.Websocket) {
      throw DomainError.unprocessable(`Subscription/${subscriptionId} is not delivered by websocket (channel.type = ${String(channelOf(subscription).type)})`, 'Subscription.channel.type');
    }
    if (subscription.status !== 'active') {
      throw DomainError.unprocessable(`Subscription/${subscriptionId} is ${String(subscription.status)}; only an active Subscription can be bound`, 'Subscription.status');
    }
    const carried = parseCriteria(subscription.criteria)!.resourceType;
    (await this.fhir.policyOf(caller))?.assertMay(carried, 'read');
    let issued: Awaited<ReturnType<WebsocketBindingTokenStore['issue']>>;
    try {
      issued = await this.tokens.issue(subscriptionId, caller);
    } catch {
      throw DomainError.of(503, 'transient', 'websocket binding is unavailable for the moment (Redis); try again shortly');
    }
    return {
      resourceType: 'Parameters',
      parameter: [
        { name: 'token', valueString: issued.token },
        { name: 'expiration', valueDateTime: new Date(issued.binding.expiresAt).toISOString() },
        { name: 'subscription', valueString: subscriptionId },
        { name: 'websocket-url', valueUrl: websocketUrlOf(this.config.fhirBaseUrl) },
      ],
    };
  }
}
