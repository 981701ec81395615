/**
 * One board as the web app keeps it, over socket.io: subscribes to a scope, takes the snapshot from
 * the acknowledgement, applies each delta on top and checks that versions follow one another. It also
 * keeps a second socket to the baseline's plain socket.io server, in the same room, for the same frames.
 */
import { Socket, io } from 'socket.io-client';
import { BOARD_NAMESPACE, BoardDelta, BoardEvent, BoardScope, BoardSnapshot, BoardSubscribeAck, applyBoardDelta } from '@app/fhir/board/board-metrics';

/** Which part of the run a frame arrived in; frames are counted per phase. */
export type BenchPhase = 'setup' | 'warm-up' | 'baseline' | 'baseline at 1/s' | 'bro' | 'settle';

export interface PhaseClock {
  phase: BenchPhase;
}

/** What the baseline servers send: a board frame as Bro sent it, stamped when it was emitted. */
export interface RawFrame {
  sentAt: number;
  frame: BoardDelta;
}

const CONNECT_TIMEOUT_MS = 30_000;

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export class BoardClient {
  state?: BoardSnapshot;
  /** Versions skipped: a frame whose version is more than one above the board's. */
  gaps = 0;
  /** Frames at or below the board's version (already in the snapshot it started from). */
  stale = 0;
  /** Sockets closed by the other side during the run. */
  disconnects = 0;
  readonly frames: Record<BenchPhase, number> = { setup: 0, 'warm-up': 0, baseline: 0, 'baseline at 1/s': 0, bro: 0, settle: 0 };
  readonly rawFrames: Record<BenchPhase, number> = { setup: 0, 'warm-up': 0, baseline: 0, 'baseline at 1/s': 0, bro: 0, settle: 0 };
  /** For each count of open tasks the board has shown, when it first showed at least that many. */
  readonly openReachedAt = new Map<number, number>();
  /** Milliseconds from the publisher starting a snapshot (its generatedAt) to this board having the frame, in the `bro` phase. */
  readonly sinceGenerated: number[] = [];
  /** Milliseconds from the baseline's emit to this board having the frame, per baseline phase. */
  readonly rawLatency: Record<'baseline' | 'baseline at 1/s', number[]> = { baseline: [], 'baseline at 1/s': [] };
  private socket?: Socket;
  private raw?: Socket;
  private early: Array<{ delta: BoardDelta; arrived: number }> = [];
  private highestOpen = 0;

  constructor(
    readonly scope: BoardScope,
    /** Which API instance (0 or 1) it is connected to. */
    readonly instance: number,
    private readonly clock: PhaseClock,
    /** Called for each frame applied (the benchmark records frame sizes and rates per scope from one board each). */
    private readonly onFrame?: (client: BoardClient, delta: BoardDelta) => void,
  ) {}

  /** Connects and subscribes; resolves with the milliseconds from `subscribe` to the snapshot. */
  async connect(origin: string, token: string): Promise<number> {
    const socket = io(`${origin}${BOARD_NAMESPACE}`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    this.socket = socket;
    socket.on(BoardEvent.Delta, (delta: BoardDelta) => this.receive(delta));
    socket.on('disconnect', (reason: string) => {
      if (reason !== 'io client disconnect') this.disconnects++;
    });
    await connected(socket);
    const asked = performance.now();
    const ack = (await socket.timeout(CONNECT_TIMEOUT_MS).emitWithAck(BoardEvent.Subscribe, { scope: this.scope })) as BoardSubscribeAck;
    const took = performance.now() - asked;
    if (!ack.ok) throw new Error(`subscription to ${this.scope} refused: ${ack.status} ${ack.error}`);
    this.state = ack.snapshot;
    this.noteOpen(Date.now());
    // Frames that arrived between joining the room and the acknowledgement.
    for (const { delta, arrived } of this.early) this.apply(delta, arrived);
    this.early = [];
    return took;
  }

  /** The baseline's socket: a plain socket.io server, joined to the room of the same scope. */
  async connectRaw(origin: string): Promise<void> {
    const raw = io(`${origin}${BOARD_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false });
    this.raw = raw;
    raw.on(BoardEvent.Delta, (message: RawFrame) => {
      const arrived = Date.now();
      this.rawFrames[this.clock.phase]++;
      const phase = this.clock.phase;
      if (phase === 'baseline' || phase === 'baseline at 1/s') this.rawLatency[phase].push(arrived - message.sentAt);
    });
    raw.on('disconnect', (reason: string) => {
      if (reason !== 'io client disconnect') this.disconnects++;
    });
    await connected(raw);
    await raw.timeout(CONNECT_TIMEOUT_MS).emitWithAck('join', this.scope);
  }

  close(): void {
    this.socket?.disconnect();
    this.raw?.disconnect();
  }

  private receive(delta: BoardDelta): void {
    if (delta.scope !== this.scope) return;
    const arrived = Date.now();
    if (!this.state) this.early.push({ delta, arrived });
    else this.apply(delta, arrived);
  }

  private apply(delta: BoardDelta, arrived: number): void {
    const state = this.state!;
    if (delta.version <= state.version) {
      this.stale++;
      return;
    }
    if (delta.version > state.version + 1) this.gaps += delta.version - state.version - 1;
    this.state = applyBoardDelta(state, delta);
    this.frames[this.clock.phase]++;
    if (this.clock.phase === 'bro' && delta.changes.generatedAt) this.sinceGenerated.push(arrived - Date.parse(delta.changes.generatedAt));
    this.noteOpen(arrived);
    this.onFrame?.(this, delta);
  }

  private noteOpen(arrived: number): void {
    const open = this.state?.panels.discharge?.now.open;
    if (typeof open !== 'number') return;
    for (let count = this.highestOpen + 1; count <= open; count++) this.openReachedAt.set(count, arrived);
    this.highestOpen = Math.max(this.highestOpen, open);
  }
}
