import { DomainError } from '../common/errors/domain-error';
import { MAX_PAGE, queryText, readKeysetPaging, readPaging, refuseUnknownParams } from './query-params';

function refusal(read: () => unknown): { status: number; message: string } {
  try {
    read();
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('list query parameters', () => {
  it('reads page and pageSize, with their defaults', () => {
    expect(readPaging({}, { fallback: 20, max: 100 })).toEqual({ page: 1, pageSize: 20 });
    expect(readPaging({ page: '3', pageSize: '100' }, { fallback: 20, max: 100 })).toEqual({ page: 3, pageSize: 100 });
    expect(readPaging({ page: String(MAX_PAGE) }, { fallback: 20, max: 100 }).page).toBe(MAX_PAGE);
  });

  it.each(['1e20', '-1', '0', '2.5', '0x10', 'NaN', 'Infinity', '1\u0000', ' 1', '99999999999999999999', String(MAX_PAGE + 1)])('answers 400 for page=%j', (page) => {
    expect(refusal(() => readPaging({ page }, { fallback: 20, max: 100 }))).toEqual({ status: 400, message: `page must be a whole number from 1 to ${MAX_PAGE}` });
  });

  it('answers 400 for a page size past the list\'s maximum, and for repeated or nested parameters', () => {
    expect(refusal(() => readPaging({ pageSize: '101' }, { fallback: 20, max: 100 })).message).toBe('pageSize must be a whole number from 1 to 100');
    expect(refusal(() => readPaging({ page: ['1', '2'] }, { fallback: 20, max: 100 })).status).toBe(400);
    expect(refusal(() => queryText({ scope: { $ne: 1 } }, 'scope')).status).toBe(400);
  });

  it('refuses unknown parameters by name', () => {
    expect(refusal(() => refuseUnknownParams({ page: '1', isAdmin: 'true' }, ['page', 'pageSize'])).message).toBe('unknown parameter isAdmin; this list takes page, pageSize');
  });

  it('reads count and an opaque cursor, and refuses a cursor it cannot decode', () => {
    const decode = (text: string) => (text === 'good' ? { at: 1 } : undefined);
    expect(readKeysetPaging({}, { fallback: 100, max: 500 }, decode)).toEqual({ count: 100 });
    expect(readKeysetPaging({ count: '500', cursor: 'good' }, { fallback: 100, max: 500 }, decode)).toEqual({ count: 500, cursor: { at: 1 } });
    expect(refusal(() => readKeysetPaging({ cursor: 'forged' }, { fallback: 100, max: 500 }, decode)).status).toBe(400);
    expect(refusal(() => readKeysetPaging({ count: '501' }, { fallback: 100, max: 500 }, decode)).message).toBe('count must be a whole number from 1 to 500');
  });
});
