import Client from 'fhir-kit-client';
import { io, Socket } from 'socket.io-client';
import { Resource } from '@app/fhir';
import { BOARD_NAMESPACE, BoardDelta, BoardEvent, BoardScope, BoardSnapshot, BoardSubscribeAck, applyBoardDelta } from '@app/fhir/board/board-metrics';
import { BoardSnapshotService } from '../../apps/api/src/board/board-snapshot.service';
import { BoardStateStore } from '../../apps/api/src/board/board-state.store';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { handover, newPatient, postHandover } from '../support/transfers';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

const GP_OFFICE_TYPE = { coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] };
/** Parts of a snapshot that are about tasks (everything but the shared queue health): the workflows' panels. */
const TASK_FIGURES = ['panels'];

/** A board as the web app keeps it: the snapshot, with each delta applied on top, and every frame seen. */
interface WatchedBoard {
  socket: Socket;
  state: BoardSnapshot;
  frames: Array<BoardDelta & { receivedAt: number }>;
}

describe('live board across two API instances', () => {
  let api1: TestApi;
  let api2: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ehr: Client;
  const sockets: Socket[] = [];

  async function newOffice(name: string): Promise<`Organization/${string}`> {
    const created = (await ehr.create({ resourceType: 'Organization', body: { resourceType: 'Organization', name, type: [GP_OFFICE_TYPE] } } as never)) as Resource;
    return `Organization/${created.id!}`;
  }

  async function connect(api: TestApi, user: string): Promise<Socket> {
    const socket = io(`${api.origin}${BOARD_NAMESPACE}`, { auth: { token: await api.token(user) }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  async function watch(api: TestApi, scope: BoardScope, user = 'quality'): Promise<WatchedBoard> {
    const socket = await connect(api, user);
    const board = { socket, frames: [] } as unknown as WatchedBoard;
    socket.on(BoardEvent.Delta, (delta: BoardDelta) => {
      if (delta.scope !== scope) return;
      board.frames.push({ ...delta, receivedAt: Date.now() });
      expect(delta.version).toBe(board.state.version + 1);
      board.state = applyBoardDelta(board.state, delta);
    });
    const ack = (await socket.emitWithAck(BoardEvent.Subscribe, { scope })) as BoardSubscribeAck;
    if (!ack.ok) throw new Error(`subscription refused: ${ack.error}`);
    board.state = ack.snapshot;
    return board;
  }

  function handOverTo(office: string, count = 1) {
    return Promise.all(Array.from({ length: count }, () => postHandover(ehr, handover({ patient: newPatient(), owner: office, categories: ['KONTROLL'] }))));
  }

  beforeAll(async () => {
    [api1, api2] = await Promise.all([startTestApi(), startTestApi()]);
    worker = await startTestWorker();
    ehr = await api1.fhirClient('ehr');
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await worker?.close();
    await Promise.all([api1?.close(), api2?.close()]);
  });

  it('brings a change made through one instance to a board on the other, and nothing of it to another office\'s board', async () => {
    const [officeX, officeY] = await Promise.all([newOffice('Tavle X legesenter'), newOffice('Tavle Y legesenter')]);
    const boardX = await watch(api2, `office:${officeX}`);
    const boardY = await watch(api2, `office:${officeY}`);
    const municipality = await watch(api1, 'municipality');
    expect(boardX.state.panels.discharge?.now.open).toBe(0);
    // Other test files' tasks count on the municipality too: its open tasks as of now, computed afresh, are where it starts.
    const openInBergen = (await api1.app.get(BoardSnapshotService).snapshot('municipality')).panels.discharge!.now.open as number;

    await handOverTo(officeX, 5);
    await waitFor(() => boardX.state.panels.discharge?.now.open === 5, 'board X to show five open tasks', 10_000);
    await waitFor(() => municipality.state.panels.discharge?.now.open === openInBergen + 5, `the municipality board to count exactly five more than ${openInBergen}`, 10_000);

    // Board Y has had every frame sent for it (the publisher stores a frame before sending it): none was about tasks.
    const sentForY = api1.app.get(BoardStateStore);
    await waitFor(async () => (await sentForY.lastSent(`office:${officeY}`))?.version === boardY.state.version, "board Y to have every frame sent for it");
    expect(boardY.state.panels.discharge?.now).toEqual({ open: 0, overdue: 0, unassigned: 0, awaitingHospital: 0 });
    for (const frame of boardY.frames) {
      expect(Object.keys(frame.changes).filter((key) => TASK_FIGURES.includes(key))).toEqual([]);
    }
  });

  it('sends a burst of changes as a few frames, not one per change', async () => {
    const office = await newOffice('Tavle Z legesenter');
    const board = await watch(api2, `office:${office}`);
    const started = Date.now();
    for (let round = 0; round < 4; round++) await handOverTo(office, 10);
    await waitFor(() => board.state.panels.discharge?.now.open === 40, 'all forty tasks on the board', 20_000);
    const seconds = (Date.now() - started) / 1000;
    const withTasks = board.frames.filter((frame) => frame.changes.panels?.discharge?.now !== undefined);
    expect(withTasks.length).toBeGreaterThan(0);
    // At most one frame a second, whatever the number of changes.
    expect(board.frames.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(withTasks.length).toBeLessThan(40);
  });

  it('refuses a board the user may not watch, and a socket without a valid token', async () => {
    const office = await newOffice('Tavle hemmelig legesenter');
    const gp = await connect(api1, 'gp');
    const refused = (await gp.emitWithAck(BoardEvent.Subscribe, { scope: `office:${office}` })) as BoardSubscribeAck;
    expect(refused).toEqual({ ok: false, status: 403, error: expect.stringContaining('may not watch') });
    const malformed = (await gp.emitWithAck(BoardEvent.Subscribe, { scope: 'everything' })) as BoardSubscribeAck;
    expect(malformed).toEqual(expect.objectContaining({ ok: false, status: 400 }));

    const anonymous = io(`${api1.origin}${BOARD_NAMESPACE}`, { auth: { token: 'not-a-token' }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(anonymous);
    const reason = await new Promise<string>((resolve) => anonymous.on('unauthorized', (body: { message: string }) => resolve(body.message)));
    expect(reason).toBeTruthy();
    await waitFor(() => anonymous.disconnected, 'the unauthenticated socket to be closed', 5_000);
  });
});
