import { BoardPanelKey, BoardScope, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { QueueHealthService } from '../ops/queue-health.service';
import { OutboxRow } from '../outbox/outbox-row';
import { BoardChanges } from './board-changes';
import { BoardPanelProvider, CountedPanel } from '../board-panels/board-panel.provider';
import { BoardPanelRegistry } from '../board-panels/board-panels.registry';
import { BoardSnapshotService } from './board-snapshot.service';
import { boardKey } from './board-key';
import { BoardStateStore } from './board-state.store';
import { TaskCount } from '../access/complementary-suppression';
import { OrganizationNames } from '../directory/organization-names';

const cell = (tasks: number, patients = tasks): TaskCount => ({ tasks, patients });
const OFFICE: BoardScope = 'office:Organization/sentrum';
const HOSPITAL: BoardScope = 'hospital:Organization/haukeland';

/** A panel of a total and its two parts, as counted for each board it has figures for. */
interface TallyPanel {
  total: number | string;
  parts: Array<number | string>;
}

/**
 * A workflow's provider as the board sees it: `counts` per board (a total and its parts); boards it
 * has nothing for are left out of its answer. Registered under `key`, whichever workflow that is.
 */
function tallyProvider(key: string, counts: Partial<Record<BoardScope, { total: TaskCount; parts: TaskCount[] }>>, boards: BoardScope[] = []) {
  const asked: BoardScope[][] = [];
  const provider: BoardPanelProvider = {
    panel: key as BoardPanelKey,
    count: (scopes: BoardScope[]) => {
      asked.push(scopes);
      const panels = new Map<BoardScope, CountedPanel<TallyPanel>>();
      for (const scope of scopes) {
        const counted = counts[scope];
        if (!counted) continue;
        panels.set(scope, {
          sameTasks: [{ whole: [counted.total], parts: counted.parts }],
          show: (disclosure) => ({ total: disclosure.show(counted.total), parts: counted.parts.map((part) => disclosure.show(part)) }),
        });
      }
      return Promise.resolve(panels as unknown as Map<BoardScope, CountedPanel<never>>);
    },
    boardsChangedBy: (events: OutboxRow[]) => Promise.resolve(events.length ? boards : []),
  };
  return { provider, asked };
}

function board(...providers: BoardPanelProvider[]): BoardSnapshotService {
  const registry = new BoardPanelRegistry();
  providers.forEach((provider) => registry.register(provider));
  const names = { labelOf: (scope: BoardScope) => Promise.resolve(scope === 'municipality' ? 'Bergen kommune' : scope) } as unknown as OrganizationNames;
  const queues = { queuesHealth: () => Promise.resolve([]) } as unknown as QueueHealthService;
  return new BoardSnapshotService(registry, names, queues);
}

describe('the board assembles the panels its providers register', () => {
  it("puts every provider's panel on each board, asking each provider once for all due boards", async () => {
    const handOvers = tallyProvider('discharge', { municipality: { total: cell(30), parts: [cell(10), cell(20)] }, [OFFICE]: { total: cell(12), parts: [cell(6), cell(6)] } });
    const meetings = tallyProvider('consultations', { municipality: { total: cell(8), parts: [cell(0), cell(8)] }, [OFFICE]: { total: cell(5), parts: [cell(5), cell(0)] } });
    const [bergen, office] = await board(handOvers.provider, meetings.provider).snapshots(['municipality', OFFICE]);

    expect(handOvers.asked).toEqual([['municipality', OFFICE]]);
    expect(meetings.asked).toEqual([['municipality', OFFICE]]);
    expect(bergen.panels).toEqual({ discharge: { total: 30, parts: [10, 20] }, consultations: { total: 8, parts: [0, 8] } });
    expect(office.panels).toEqual({ discharge: { total: 12, parts: [6, 6] }, consultations: { total: 5, parts: [5, 0] } });
    expect(office.scopeLabel).toBe(OFFICE);
    expect(office.queues).toEqual({ depth: 0, oldestWaitingSeconds: 0, deliveryP99Ms: null, failed: 0 });
  });

  it("suppresses a provider's panel by the board's rules: 1–4 patients is \"<5\", and so is the cell that would give it away; zero stays 0", async () => {
    const meetings = tallyProvider('consultations', {
      // Three patients in one part: hidden, and the other part with it, or the total would give it away.
      municipality: { total: cell(11), parts: [cell(3), cell(8), cell(0)] },
      // Seven tasks of two patients: the count of tasks does not decide, the patients do.
      [OFFICE]: { total: cell(7, 2), parts: [cell(7, 2)] },
    });
    const [bergen, office] = await board(meetings.provider).snapshots(['municipality', OFFICE]);
    expect(bergen.panels).toEqual({ consultations: { total: 11, parts: [SUPPRESSED, SUPPRESSED, 0] } });
    expect(office.panels).toEqual({ consultations: { total: SUPPRESSED, parts: [SUPPRESSED] } });
  });

  it("shows a GP's own office board exactly where the provider says they may see every task it counts, and everyone else \"<5\"", async () => {
    const counts = { [OFFICE]: { total: cell(7, 2), parts: [cell(4, 1), cell(3, 1)] } };
    const handOvers = tallyProvider('discharge', counts);
    const asked: unknown[] = [];
    handOvers.provider.seenWhollyBy = (boards) => {
      asked.push(...boards);
      return Promise.resolve(boards.map((b) => b.viewer.actsFor.includes('PractitionerRole/mine')));
    };
    const meetings = tallyProvider('consultations', counts);
    const mine = boardKey(OFFICE, { actsFor: ['Organization/sentrum', 'PractitionerRole/mine'] });
    const colleague = boardKey(OFFICE, { actsFor: ['Organization/sentrum', 'PractitionerRole/colleague'] });
    const [everyone, gp, other] = await board(handOvers.provider, meetings.provider).snapshots([OFFICE, mine, colleague]);

    // Counted once for the scope, however many read it.
    expect(handOvers.asked).toEqual([[OFFICE]]);
    expect(asked).toHaveLength(2);
    expect(gp.scope).toBe(OFFICE);
    expect(gp.panels.discharge).toEqual({ total: 7, parts: [4, 3] });
    // A panel whose provider cannot tell stays suppressed, for the GP too.
    expect(gp.panels.consultations).toEqual({ total: SUPPRESSED, parts: [SUPPRESSED, SUPPRESSED] });
    expect(everyone.panels.discharge).toEqual({ total: SUPPRESSED, parts: [SUPPRESSED, SUPPRESSED] });
    expect(other.panels.discharge).toEqual({ total: SUPPRESSED, parts: [SUPPRESSED, SUPPRESSED] });
  });

  it('has no panel for a workflow without a provider, nor for a board a provider has no figures for', async () => {
    const handOvers = tallyProvider('discharge', { municipality: { total: cell(30), parts: [cell(10), cell(20)] } });
    const [bergen, hospital] = await board(handOvers.provider).snapshots(['municipality', HOSPITAL]);
    expect(Object.keys(bergen.panels)).toEqual(['discharge']);
    expect(hospital.panels).toEqual({});
    expect((await board().snapshot('municipality')).panels).toEqual({});
  });

  it('refuses a second provider for the same panel', () => {
    const registry = new BoardPanelRegistry();
    registry.register(tallyProvider('discharge', {}).provider);
    expect(() => registry.register(tallyProvider('discharge', {}).provider)).toThrow('registered twice');
  });

  it('marks the boards every provider says a batch of changes moves, each once', async () => {
    const registry = new BoardPanelRegistry();
    registry.register(tallyProvider('discharge', {}, ['municipality', OFFICE]).provider);
    registry.register(tallyProvider('consultations', {}, ['municipality', HOSPITAL]).provider);
    const marked: BoardScope[][] = [];
    const state = { markChanged: (scopes: BoardScope[]) => Promise.resolve(void marked.push(scopes)) } as unknown as BoardStateStore;
    await new BoardChanges(registry, state).onEvents([{ id: '1' } as OutboxRow]);
    expect(marked).toEqual([['municipality', OFFICE, HOSPITAL]]);
    await new BoardChanges(registry, state).onEvents([]);
    expect(marked).toHaveLength(1);
  });
});
