import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import Redis from 'ioredis';
import { ServerOptions } from 'socket.io';
import { AppConfig } from '../config/app-config';

/** The key every Bro process uses on Redis for socket.io, so API instances and workers reach the same rooms. */
function channelKey(config: AppConfig): string {
  return `${config.redisPrefix}:socket.io`;
}

/** socket.io across API instances: an event emitted on one reaches sockets connected to another. */
export class SocketIoRedisAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(app: INestApplicationContext, private readonly config: AppConfig) {
    super(app);
    this.pub = new Redis(config.redisUrl, { connectionName: 'bro-socket-pub', maxRetriesPerRequest: null });
    this.sub = this.pub.duplicate({ connectionName: 'bro-socket-sub' });
  }

  override createIOServer(port: number, options?: ServerOptions) {
    // Browsers connect from the web app only, as for the HTTP API. Upgrades on other paths (the FHIR
    // subscriptions websocket) are not socket.io's to destroy: that server answers them.
    const server = super.createIOServer(port, { ...options, cors: { origin: this.config.webOrigin }, destroyUpgrade: false } as ServerOptions);
    server.adapter(createAdapter(this.pub, this.sub, { key: channelKey(this.config) }));
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

/** For processes without sockets (the worker): emit to rooms through Redis. */
export function socketEmitter(config: AppConfig): { emitter: Emitter; redis: Redis } {
  const redis = new Redis(config.redisUrl, { connectionName: 'bro-socket-emitter', maxRetriesPerRequest: null });
  return { emitter: new Emitter(redis, { key: channelKey(config) }), redis };
}
