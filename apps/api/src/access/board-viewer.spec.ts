import { Principal } from '../auth/principal';
import { boardViewerOf } from './board-viewer';

const person = (role: Principal['role']): Principal => ({ subject: role, role, scopes: [], tokenExpiresAt: 0 });
const sentrumGp = { practitionerRoles: ['PractitionerRole/sentrum-gp'], organizations: ['Organization/sentrum'] };

describe('who reads a board as someone who may see what it counts', () => {
  it("is a GP on their own office's board, acting for their roles and the office", () => {
    expect(boardViewerOf(person('gp'), 'office:Organization/sentrum', sentrumGp)).toEqual({ actsFor: ['Organization/sentrum', 'PractitionerRole/sentrum-gp'] });
  });

  it("is nobody on another office's board, the municipality's or a hospital's", () => {
    expect(boardViewerOf(person('gp'), 'office:Organization/fjell', sentrumGp)).toBeUndefined();
    expect(boardViewerOf(person('gp'), 'municipality', sentrumGp)).toBeUndefined();
    expect(boardViewerOf(person('gp'), 'hospital:Organization/sentrum', sentrumGp)).toBeUndefined();
  });

  it('is nobody outside the GP role, whatever organisation they belong to', () => {
    for (const role of ['quality', 'admin', 'coordinator', 'privacy', 'lowthreshold', 'system'] as const) {
      expect(boardViewerOf(person(role), 'office:Organization/sentrum', sentrumGp)).toBeUndefined();
    }
  });
});
