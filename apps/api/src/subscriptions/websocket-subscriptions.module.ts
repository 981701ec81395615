import { Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { SubscriptionNotificationListener } from './subscription-notification.listener';
import { WebsocketBindingTokenOperation } from './websocket-binding-token.operation';
import { WebsocketBindingTokenStore } from './websocket-binding-token.store';
import { WebsocketSubscriptionServer } from './websocket-subscription.server';

/** The API side of websocket Subscriptions: `$get-ws-binding-token` and the socket endpoint clients bind on. */
@Module({
  imports: [FhirModule],
  providers: [WebsocketBindingTokenStore, WebsocketBindingTokenOperation, SubscriptionNotificationListener, WebsocketSubscriptionServer],
})
export class WebsocketSubscriptionsModule {}
