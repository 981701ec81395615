/**
 * The board benchmark's baseline: a plain socket.io server with the same Redis adapter Bro's API
 * instances use, and nothing else. A client joins a room (`join`, acknowledged); frames emitted to the
 * room through Redis reach it. Run as its own process so its CPU can be measured like an API's.
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { Server } from 'socket.io';

const port = Number(process.env.RAW_FANOUT_PORT);
const key = process.env.RAW_FANOUT_KEY;
if (!port || !key) {
  console.error('raw fan-out server: RAW_FANOUT_PORT and RAW_FANOUT_KEY are required');
  process.exit(2);
}
const pub = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const sub = pub.duplicate();
const http = createServer();
const server = new Server(http);
server.adapter(createAdapter(pub, sub, { key }));
server.of('/board').on('connection', (socket) => {
  socket.on('join', (room: unknown, ack?: (answer: { ok: boolean }) => void) => {
    if (typeof room !== 'string') return ack?.({ ok: false });
    Promise.resolve(socket.join(room)).then(() => ack?.({ ok: true }), () => ack?.({ ok: false }));
  });
});
http.listen(port, '127.0.0.1', () => console.log(`raw fan-out server ready on ${port}`));
process.on('SIGTERM', () => {
  server.close(() => {
    pub.disconnect();
    sub.disconnect();
    process.exit(0);
  }).catch(() => process.exit(1));
});
