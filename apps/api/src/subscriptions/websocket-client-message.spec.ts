import { parseClientMessage } from './websocket-client-message';

describe('websocket client messages', () => {
  it('reads bind-with-token and ping', () => {
    expect(parseClientMessage('{"type":"bind-with-token","payload":{"token":"abc"}}')).toEqual({ type: 'bind-with-token', token: 'abc' });
    expect(parseClientMessage('{"type":"ping"}')).toEqual({ type: 'ping' });
  });

  it('refuses anything else', () => {
    for (const text of ['hello', '[]', 'null', '{"type":"bind-with-token"}', '{"type":"bind-with-token","payload":{"token":""}}', '{"type":"bind-with-token","payload":{"token":5}}', '{"type":"unbind"}']) {
      expect(parseClientMessage(text)).toBeUndefined();
    }
    expect(parseClientMessage(JSON.stringify({ type: 'bind-with-token', payload: { token: 'x'.repeat(513) } }))).toBeUndefined();
  });
});
