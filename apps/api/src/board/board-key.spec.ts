import { boardKey, boardOfKey, boardRoom, isRoomOfScope } from './board-key';

describe('board keys', () => {
  it('are the scope for everyone, and the scope with the viewer for one who may see what it counts', () => {
    expect(boardKey('office:Organization/sentrum')).toBe('office:Organization/sentrum');
    const key = boardKey('office:Organization/sentrum', { actsFor: ['PractitionerRole/b', 'Organization/sentrum'] });
    expect(key).toBe('office:Organization/sentrum|seen-by:Organization/sentrum,PractitionerRole/b');
    expect(boardOfKey(key)).toEqual({ scope: 'office:Organization/sentrum', viewer: { actsFor: ['Organization/sentrum', 'PractitionerRole/b'] } });
    expect(boardOfKey('municipality')).toEqual({ scope: 'municipality' });
  });

  it("tells a scope's rooms from another scope's whose id starts the same", () => {
    const scope = 'office:Organization/sentrum' as const;
    expect(isRoomOfScope(boardRoom(scope), scope)).toBe(true);
    expect(isRoomOfScope(boardRoom(boardKey(scope, { actsFor: ['PractitionerRole/b'] })), scope)).toBe(true);
    expect(isRoomOfScope(boardRoom('office:Organization/sentrum2'), scope)).toBe(false);
  });
});
