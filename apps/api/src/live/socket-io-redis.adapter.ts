import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { ServerOptions } from 'socket.io';
import { AppConfig } from '../config/app-config';
import { logRedisOutages, openWaitingRedisConnection } from '../redis/redis.connection';
import { socketIoChannelKey } from '../redis/redis-namespace';

const logger = new Logger('SocketIoRedis');

/**
 * socket.io across API instances: an event emitted on one reaches sockets connected to another.
 * Its channels carry the deployment's prefix and Redis database (see `redis-namespace.ts`). While
 * Redis is away, emits wait in memory and go out when it is back; the subscriber re-subscribes by
 * itself (ioredis `autoResubscribe`).
 */
export class SocketIoRedisAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(app: INestApplicationContext, private readonly config: AppConfig) {
    super(app);
    this.pub = logRedisOutages(openWaitingRedisConnection(config.redisUrl, 'bro-socket-pub'), logger, 'socket.io publisher');
    this.sub = logRedisOutages(this.pub.duplicate({ connectionName: 'bro-socket-sub' }), logger, 'socket.io subscriber');
  }

  override createIOServer(port: number, options?: ServerOptions) {
    // Browsers connect from the web app only, as for the HTTP API. Upgrades on other paths (the FHIR
    // subscriptions websocket) are not socket.io's to destroy: that server answers them.
    const server = super.createIOServer(port, { ...options, cors: { origin: this.config.webOrigin }, destroyUpgrade: false } as ServerOptions);
    server.adapter(createAdapter(this.pub, this.sub, { key: socketIoChannelKey(this.config) }));
    return server;
  }

  override async close(server: unknown): Promise<void> {
    await super.close(server as never);
    this.disconnect();
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    this.disconnect();
  }

  private disconnect(): void {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

/**
 * For processes without sockets (the worker): emit to rooms through Redis, on the same channels as the adapter.
 * The emitter publishes without awaiting; a publish that fails (the connection closed while the process
 * stops) is logged here instead of becoming an unhandled rejection. Such an event is lost as a live event
 * to a room nobody listens in is: notifications stay stored for the bell, and boards get their next frame.
 */
export function socketEmitter(config: AppConfig): { emitter: Emitter; redis: Redis } {
  const redis = logRedisOutages(openWaitingRedisConnection(config.redisUrl, 'bro-socket-emitter'), logger, 'socket.io emitter');
  const publisher = {
    publish: (channel: string, message: string | Buffer) =>
      redis.publish(channel, message).catch((error: Error) => logger.warn(`socket.io emitter: an event was not published (${error.message})`)),
  };
  return { emitter: new Emitter(publisher, { key: socketIoChannelKey(config) }), redis };
}
