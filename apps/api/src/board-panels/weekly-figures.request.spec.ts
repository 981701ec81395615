import { BroRole, Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { readWeeklyFiguresRequest } from './weekly-figures.request';

const as = (role: BroRole): Principal => ({ subject: role, role, scopes: [], tokenExpiresAt: Number.MAX_SAFE_INTEGER });
const WEEKS = { fallback: 12, max: 52 };

function refusal(read: () => unknown): { status: number; field?: string } {
  try {
    read();
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, field: error.issues[0]?.expression?.[0] };
    throw error;
  }
  throw new Error('not refused');
}

describe('readWeeklyFiguresRequest', () => {
  it('reads the municipality over the workflow’s weeks unless told otherwise', () => {
    expect(readWeeklyFiguresRequest(as('quality'), {}, WEEKS)).toEqual({ scope: 'municipality', weeks: 12 });
    expect(readWeeklyFiguresRequest(as('admin'), { scope: 'office:Organization/abc', weeks: '52' }, WEEKS)).toEqual({ scope: 'office:Organization/abc', weeks: 52 });
  });

  it('is for the quality team and administrators only', () => {
    for (const role of ['gp', 'coordinator', 'privacy', 'lowthreshold', 'system'] as const) expect(refusal(() => readWeeklyFiguresRequest(as(role), {}, WEEKS)).status).toBe(403);
  });

  it('refuses what it does not take, a scope the board does not know and weeks out of range, naming the parameter', () => {
    expect(refusal(() => readWeeklyFiguresRequest(as('quality'), { unit: 'x' }, WEEKS))).toMatchObject({ status: 400 });
    expect(refusal(() => readWeeklyFiguresRequest(as('quality'), { scope: 'county' }, WEEKS))).toMatchObject({ status: 400, field: 'scope' });
    for (const weeks of ['0', '53', '1e2', '-1']) expect(refusal(() => readWeeklyFiguresRequest(as('quality'), { weeks }, WEEKS))).toMatchObject({ status: 400, field: 'weeks' });
  });
});
