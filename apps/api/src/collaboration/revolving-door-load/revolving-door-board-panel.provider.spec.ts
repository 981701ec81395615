import { OutboxTopic } from '@app/fhir';
import { BoardPanelRegistry } from '../../board-panels/board-panels.registry';
import { Database } from '../../database/sql-client';
import { OutboxRow } from '../../outbox/outbox-row';
import { REVOLVING_DOOR_FACT } from '../revolving-door/revolving-door-event';
import { RevolvingDoorBoardPanelProvider } from './revolving-door-board-panel.provider';
import { RevolvingDoorFiguresQuery } from './revolving-door-figures.query';

function event(resourceType: string, payload: Record<string, unknown>, id = 'x'): OutboxRow {
  return { id: '1', topic: OutboxTopic.ResourceChanged, resource_type: resourceType, resource_id: id, version_id: 1, payload: { method: 'update', ...payload }, created_at: new Date() };
}

describe('the revolving-door panel provider', () => {
  const asked: string[][] = [];
  const figures = {
    async boardsOfAppointments(_client: unknown, ids: string[]) {
      asked.push(ids);
      return ids.length ? ['municipality', 'hospital:Organization/h'] : [];
    },
  } as unknown as RevolvingDoorFiguresQuery;
  const provider = new RevolvingDoorBoardPanelProvider({} as Database, figures, new BoardPanelRegistry());

  it('moves the boards a stay named in its event, and those of readmissions a joint consultation names', async () => {
    const stay = event('Encounter', { [REVOLVING_DOOR_FACT]: { raised: [], lowered: [], boards: ['municipality', 'office:Organization/o'] } });
    expect(await provider.boardsChangedBy([stay])).toEqual(['municipality', 'office:Organization/o']);
    expect(await provider.boardsChangedBy([stay, event('Appointment', {}, 'a1')])).toEqual(['municipality', 'office:Organization/o', 'hospital:Organization/h']);
    expect(asked.at(-1)).toEqual(['a1']);
  });

  it("moves no board for other workflows' events", async () => {
    expect(await provider.boardsChangedBy([event('Task', { [REVOLVING_DOOR_FACT]: { raised: [], lowered: [], boards: ['municipality'] } }), event('Encounter', {})])).toEqual([]);
  });
});
