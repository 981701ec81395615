import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { BOARD_NAMESPACE, BoardEvent, BoardScope, BoardSubscribeAck } from '@app/fhir/board/board-metrics';
import { OidcTokenVerifier } from '../auth/oidc-token.verifier';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { authenticateSocket, refuseSocket } from '../live/socket-principal';
import { BoardScopesService } from './board-scopes.service';
import { BoardService } from './board.service';
import { BoardStateStore, VIEWED_FOR_MS } from './board-state.store';
import { BoardKey, boardRoom, isRoomOfScope } from './board-key';

const ROOM_PREFIX = boardRoom('' as BoardKey);

/**
 * The live board's socket (`/board`), on every API instance; deltas come from the worker's publisher
 * through the socket.io Redis adapter, so a board gets them whichever instance it is connected to.
 * A board subscribes to a scope it may watch (the access policy's BOARD_ACCESS) and gets its
 * snapshot as the acknowledgement, then deltas in its room.
 */
@WebSocketGateway({ namespace: BOARD_NAMESPACE })
export class BoardGateway implements OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Board');
  private timer?: NodeJS.Timeout;
  @WebSocketServer() private readonly namespace?: Namespace;

  constructor(
    private readonly verifier: OidcTokenVerifier,
    private readonly scopes: BoardScopesService,
    private readonly boards: BoardService,
    private readonly state: BoardStateStore,
  ) {}

  onModuleInit(): void {
    // Tells the publisher, in time, which boards are watched on this instance.
    this.timer = setInterval(() => void this.reportWatched().catch((error: unknown) => this.logger.warn(`could not report the watched boards: ${error instanceof Error ? error.name : typeof error}`)), VIEWED_FOR_MS / 3);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  handleConnection(socket: Socket): void {
    const principal = authenticateSocket(socket, this.verifier);
    // Subscriptions sent right after connecting wait for this instead of being refused.
    socket.data.principal = principal;
    principal.catch((error: unknown) => refuseSocket(socket, error));
  }

  @SubscribeMessage(BoardEvent.Subscribe)
  async subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<BoardSubscribeAck> {
    try {
      const principal = await (socket.data.principal as Promise<Principal>);
      const scope = await this.scopes.authorize(principal, (body as { scope?: unknown } | undefined)?.scope);
      const key = await this.scopes.keyFor(principal, scope);
      await socket.join(boardRoom(key));
      // Joined before the snapshot is read: a delta sent meanwhile carries a later version and is not lost.
      return { ok: true, snapshot: await this.boards.current(key) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, status: error.status, error: error.message };
      this.logger.warn(`board subscription failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, status: 401, error: 'not authorized' };
    }
  }

  @SubscribeMessage(BoardEvent.Unsubscribe)
  async unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: true }> {
    const scope = (body as { scope?: unknown } | undefined)?.scope;
    if (typeof scope === 'string') {
      for (const room of [...socket.rooms].filter((room) => isRoomOfScope(room, scope as BoardScope))) await socket.leave(room);
    }
    return { ok: true };
  }

  private async reportWatched(): Promise<void> {
    const rooms = this.namespace?.adapter.rooms;
    if (!rooms) return;
    const watched = [...rooms.keys()].filter((room) => room.startsWith(ROOM_PREFIX)).map((room) => room.slice(ROOM_PREFIX.length) as BoardKey);
    await this.state.markViewed(watched).catch(() => undefined);
  }
}
