import { Inject, Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { FhirError } from '../fhir/errors/fhir-error';
import { FhirService } from '../fhir/fhir.service';
import { ChannelType, channelOf, parseCriteria } from './subscription-fields';
import { WebsocketBindingTokenStore } from './websocket-binding-token.store';
import { websocketUrlOf } from './websocket-endpoint';

/**
 * `Subscription/{id}/$get-ws-binding-token`: a short-lived token that binds a websocket to this
 * Subscription for this caller. Whoever may read the Subscription may ask (403/404 as for reading
 * it), provided they may also read what its notifications carry: the socket sends whole resources.
 */
@Injectable()
export class WebsocketBindingTokenOperation {
  constructor(
    private readonly fhir: FhirService,
    private readonly tokens: WebsocketBindingTokenStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async invoke(subscriptionId: string, caller: Principal): Promise<Resource> {
    const { resource: subscription } = await this.fhir.read('Subscription', subscriptionId, { actor: caller });
    if (channelOf(subscription).type !== ChannelType.Websocket) {
      throw FhirError.unprocessable(`Subscription/${subscriptionId} is not delivered by websocket (channel.type = ${String(channelOf(subscription).type)})`, 'Subscription.channel.type');
    }
    if (subscription.status !== 'active') {
      throw FhirError.unprocessable(`Subscription/${subscriptionId} is ${String(subscription.status)}; only an active Subscription can be bound`, 'Subscription.status');
    }
    const carried = parseCriteria(subscription.criteria)!.resourceType;
    (await this.fhir.policyOf(caller))?.assertMay(carried, 'read');
    let issued: Awaited<ReturnType<WebsocketBindingTokenStore['issue']>>;
    try {
      issued = await this.tokens.issue(subscriptionId, caller);
    } catch {
      throw FhirError.of(503, 'transient', 'websocket binding is unavailable for the moment (Redis); try again shortly');
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
