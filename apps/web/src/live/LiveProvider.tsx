import { ReactNode, createContext, useContext, useEffect, useRef, useState } from 'react';
import { Socket, io } from 'socket.io-client';
import { LiveEvent } from '@app/fhir/notifications/queue-names';
import { reportUnauthorized } from '../api/api-client';
import { AppNotification } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { reconnectIfRenewed, socketTokenAuth } from './socket-token';

type Listener = (notification: AppNotification) => void;

interface LiveState {
  /** Calls `listener` for every in-app notification pushed to this user; returns the unsubscribe. */
  subscribe(listener: Listener): () => void;
}

const LiveContext = createContext<LiveState | undefined>(undefined);

/**
 * One socket.io connection to `/live` per signed-in tab, shared by the bell, the inbox and the
 * coordinator's lists. On reconnect it sends the last notification id it saw, and the server replays
 * what was missed; listeners de-duplicate nothing themselves, this does.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const token = session?.accessToken;
  const subject = session?.subject;
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const socketRef = useRef<{ socket: Socket; sentToken: () => string | undefined }>(undefined);
  const listeners = useRef(new Set<Listener>());
  const [state] = useState<LiveState>(() => ({
    subscribe(listener) {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  }));

  // One socket per signed-in user; a renewed token reconnects it (below) rather than making a new one,
  // so the last seen id carries over and the server replays what came in between.
  useEffect(() => {
    if (!subject) return;
    const seen = new Set<string>();
    let lastSeenId: string | undefined;
    const { auth, sentToken } = socketTokenAuth(
      () => tokenRef.current,
      () => (lastSeenId ? { lastSeenId } : {}),
    );
    const socket: Socket = io('/live', { auth, transports: ['websocket'] });
    socketRef.current = { socket, sentToken };
    socket.on('unauthorized', () => reportUnauthorized());
    socket.on(LiveEvent.Notification, (notification: AppNotification) => {
      if (seen.has(notification.id)) return;
      seen.add(notification.id);
      if (!lastSeenId || BigInt(notification.id) > BigInt(lastSeenId)) lastSeenId = notification.id;
      for (const listener of listeners.current) listener(notification);
    });
    return () => {
      socket.disconnect();
      socketRef.current = undefined;
    };
  }, [subject]);

  useEffect(() => reconnectIfRenewed(socketRef.current?.socket, token, socketRef.current?.sentToken()), [token]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  const state = useContext(LiveContext);
  if (!state) throw new Error('useLive outside LiveProvider');
  return state;
}

/** Runs `onNotification` for each live notification while the component is on screen. */
export function useLiveNotifications(onNotification: Listener): void {
  const { subscribe } = useLive();
  const handler = useRef(onNotification);
  handler.current = onNotification;
  useEffect(() => subscribe((notification) => handler.current(notification)), [subscribe]);
}
