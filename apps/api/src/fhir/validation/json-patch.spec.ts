import { DomainError } from '../../common/errors/domain-error';
import { assertJsonPatch } from './json-patch';

function diagnosticsOf(operations: unknown): string | undefined {
  try {
    assertJsonPatch(operations);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.status).toBe(400);
    return error.issues[0].diagnostics;
  }
}

describe('JSON Patch checks', () => {
  it('accepts well-formed operations', () => {
    expect(
      diagnosticsOf([
        { op: 'test', path: '/status', value: 'requested' },
        { op: 'replace', path: '/status', value: 'accepted' },
        { op: 'add', path: '/note/-', value: { text: 'ok' } },
        { op: 'remove', path: '/note/0' },
        { op: 'copy', from: '/a~1b', path: '/c~0d' },
        { op: 'move', from: '/x', path: '/y' },
      ]),
    ).toBeUndefined();
  });

  it.each([
    ['no array', { op: 'add' }, /array of operations/],
    ['null', [null], /must be an object/],
    ['an unknown op', [{ op: 'merge', path: '/a' }], /op must be one of/],
    ['a path without a slash', [{ op: 'remove', path: 'status' }], /JSON Pointer/],
    ['a bad escape', [{ op: 'remove', path: '/a~2' }], /JSON Pointer/],
    ['the whole document', [{ op: 'replace', path: '', value: {} }], /whole resource is an update/],
    ['move without from', [{ op: 'move', path: '/a' }], /needs from/],
    ['add without value', [{ op: 'add', path: '/a' }], /needs a value/],
    ['a NUL', [{ op: 'add', path: '/a', value: 'x\u0000' }], /NUL/],
    ['deep nesting', [{ op: 'add', path: '/a', value: JSON.parse('['.repeat(100) + ']'.repeat(100)) }], /nested more than 64/],
    ['too many operations', Array.from({ length: 1001 }, () => ({ op: 'remove', path: '/a' })), /at most 1000/],
  ])('refuses %s', (_what, operations, expected) => {
    expect(diagnosticsOf(operations)).toMatch(expected);
  });
});
