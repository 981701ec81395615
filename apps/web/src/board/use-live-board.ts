import { useEffect, useRef, useState } from 'react';
import { Socket, io } from 'socket.io-client';
import { BOARD_NAMESPACE, BoardDelta, BoardEvent, BoardScope, BoardSnapshot, BoardSubscribeAck } from '@app/fhir/board/board-metrics';
import { reportUnauthorized } from '../api/api-client';
import { apiErrorText } from '../api/api-error-text';
import { API_ERROR_TEXTS } from '../api/api-error-texts';
import { currentLanguage } from '../i18n/current-language';
import { reconnectIfRenewed, socketTokenAuth } from '../live/socket-token';
import { judgeDelta } from './board-frames';

export type BoardConnection = 'connecting' | 'live' | 'offline';

const ACK_TIMEOUT_MS = 15_000;

/**
 * The board of one scope, kept current over socket.io (`/board`): subscribe → snapshot as the
 * acknowledgement → deltas. Deltas that arrive while a subscription is answered wait and are applied
 * after the snapshot; a reconnect or a missed version subscribes again for a fresh snapshot. The socket
 * outlives token renewals: it reconnects with the new token.
 */
export function useLiveBoard(token: string, scope: BoardScope | undefined): { snapshot?: BoardSnapshot; connection: BoardConnection; error?: string } {
  const [snapshot, setSnapshot] = useState<BoardSnapshot>();
  const [connection, setConnection] = useState<BoardConnection>('connecting');
  const [error, setError] = useState<string>();
  const socketRef = useRef<Socket>(undefined);
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const sentTokenRef = useRef<() => string | undefined>(() => undefined);
  const scopeRef = useRef(scope);
  const snapshotRef = useRef<BoardSnapshot>(undefined);
  const pending = useRef<BoardDelta[]>([]);
  const subscribeRef = useRef<() => void>(() => undefined);

  const show = (next: BoardSnapshot | undefined) => {
    snapshotRef.current = next;
    setSnapshot(next);
  };

  useEffect(() => {
    const { auth, sentToken } = socketTokenAuth(() => tokenRef.current);
    const socket = io(BOARD_NAMESPACE, { auth, transports: ['websocket'] });
    socketRef.current = socket;
    sentTokenRef.current = sentToken;

    const subscribe = () => {
      const wanted = scopeRef.current;
      if (!wanted || !socket.connected) return;
      pending.current = [];
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(BoardEvent.Subscribe, { scope: wanted }, (timeout: Error | null, ack: BoardSubscribeAck) => {
          if (scopeRef.current !== wanted) return;
          if (timeout) {
            setError(API_ERROR_TEXTS[currentLanguage()].timeout);
            return;
          }
          if (!ack.ok) {
            if (ack.status === 401) reportUnauthorized();
            setError(apiErrorText(ack.status, ack.error, currentLanguage()));
            return;
          }
          setError(undefined);
          let current = ack.snapshot;
          for (const delta of pending.current.sort((a, b) => a.version - b.version)) {
            const verdict = judgeDelta(current, delta);
            if (typeof verdict === 'object') current = verdict.apply;
          }
          pending.current = [];
          show(current);
        });
    };
    subscribeRef.current = subscribe;

    socket.on('connect', () => {
      setConnection('live');
      subscribe();
    });
    socket.on('disconnect', () => setConnection('offline'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('unauthorized', () => reportUnauthorized());
    socket.on(BoardEvent.Delta, (delta: BoardDelta) => {
      if (delta.scope !== scopeRef.current) return;
      const current = snapshotRef.current;
      if (!current || current.scope !== delta.scope) {
        pending.current.push(delta);
        return;
      }
      const verdict = judgeDelta(current, delta);
      if (verdict === 'resubscribe') subscribe();
      else if (verdict !== 'ignore') show(verdict.apply);
    });
    return () => {
      socket.disconnect();
      socketRef.current = undefined;
    };
  }, []);

  // A renewed token: the same socket connects again with it, and 'connect' subscribes afresh for a snapshot.
  useEffect(() => reconnectIfRenewed(socketRef.current, token, sentTokenRef.current()), [token]);

  // A new scope: leave the old board's room, join the new one.
  useEffect(() => {
    const previous = scopeRef.current;
    scopeRef.current = scope;
    if (previous && previous !== scope) socketRef.current?.emit(BoardEvent.Unsubscribe, { scope: previous });
    if (snapshotRef.current?.scope !== scope) show(undefined);
    subscribeRef.current();
  }, [scope]);

  return { snapshot, connection, error };
}
