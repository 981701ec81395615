import { Logger } from '@nestjs/common';
import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { LiveEvent } from '@app/fhir';
import { OidcTokenVerifier } from '../auth/oidc-token.verifier';
import { ActorScopeService } from '../directory/actor-scope.service';
import { NotificationStore } from './notification.store';
import { recipientsOf, roomOf } from './recipients';
import { authenticateSocket, refuseSocket } from '../live/socket-principal';

/** The socket.io namespace of the web app's live connection. */
export const LIVE_NAMESPACE = '/live';

/** What a client sends when it connects: its access token, and the last notification id it saw. */
interface Handshake {
  lastSeenId?: unknown;
}

/**
 * The live connection of the web app (`/live`): authenticated with the same bearer tokens as the
 * API, joined to a room per PractitionerRole and organisation the user acts for, and on reconnect
 * sent what it missed since its last seen notification. Clients de-duplicate by notification id.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayConnection {
  private readonly logger = new Logger('Live');

  constructor(
    private readonly verifier: OidcTokenVerifier,
    private readonly scopes: ActorScopeService,
    private readonly notifications: NotificationStore,
  ) {}

  async handleConnection(socket: Socket): Promise<void> {
    const handshake = (socket.handshake.auth ?? {}) as Handshake;
    let recipients: string[];
    try {
      recipients = recipientsOf(await this.scopes.scopeOf(await authenticateSocket(socket, this.verifier)));
    } catch (error) {
      refuseSocket(socket, error);
      return;
    }
    await socket.join(recipients.map(roomOf));
    // Joined first, then the replay: nothing falls between the two (at worst something comes twice).
    const lastSeenId = typeof handshake.lastSeenId === 'string' || typeof handshake.lastSeenId === 'number' ? String(handshake.lastSeenId) : undefined;
    if (lastSeenId && /^\d{1,18}$/.test(lastSeenId)) {
      for (const notification of await this.notifications.since(recipients, lastSeenId)) socket.emit(LiveEvent.Notification, notification);
    }
    socket.emit(LiveEvent.Ready, { rooms: recipients.length });
    this.logger.debug(`socket joined ${recipients.length} rooms`);
  }
}
