import { MAX_JSON_DEPTH, containsNul, findJsonLimitViolation } from './json-limits';

/** `depth` nested arrays, built without recursion (as JSON.parse builds them). */
function nestedArrays(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

describe('JSON limits', () => {
  it('accepts ordinary resources, and nesting up to the maximum', () => {
    expect(findJsonLimitViolation({ resourceType: 'Patient', name: [{ family: 'Testesen', given: ['Kari'] }] }, 'Patient')).toBeUndefined();
    expect(findJsonLimitViolation(nestedArrays(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findJsonLimitViolation('plain text')).toBeUndefined();
    expect(findJsonLimitViolation(null)).toBeUndefined();
  });

  it('refuses one level more than the maximum', () => {
    expect(findJsonLimitViolation(nestedArrays(MAX_JSON_DEPTH + 1))).toMatchObject({ kind: 'depth' });
  });

  it('walks a million levels without overflowing its own stack, stopping at the limit', () => {
    const violation = findJsonLimitViolation(nestedArrays(1_000_000));
    expect(violation?.kind).toBe('depth');
    expect(violation?.diagnostics).toMatch(/nested more than 64 levels/);
  });

  it('names where an extension nests too deep, shortened', () => {
    let extension: Record<string, unknown> = { url: 'leaf', valueString: 'x' };
    for (let i = 0; i < 100; i++) extension = { url: `level${i}`, extension: [extension] };
    const violation = findJsonLimitViolation({ resourceType: 'Patient', extension: [extension] }, 'Patient');
    expect(violation?.kind).toBe('depth');
    expect(violation?.path).toMatch(/^Patient\.extension\[0\]\.extension\[0\]\..*….*\[0\]$/);
  });

  it('finds a NUL in a value or in a field name and says where, without echoing the value', () => {
    const inValue = findJsonLimitViolation({ resourceType: 'Patient', name: [{ family: 'Test\u0000esen' }] }, 'Patient');
    expect(inValue).toMatchObject({ kind: 'nul', path: 'Patient.name[0].family' });
    expect(inValue?.diagnostics).not.toContain('Test');
    const inKey = findJsonLimitViolation({ note: [{ ['te\u0000xt']: 'x' }] }, 'Task');
    expect(inKey).toMatchObject({ kind: 'nul', path: 'Task.note[0].te\\u0000xt' });
    expect(inKey?.diagnostics).toMatch(/^the field name/);
    expect(inKey?.diagnostics).not.toContain('\u0000');
  });

  it('recognises a NUL in text, plain or percent-encoded', () => {
    expect(containsNul('a\u0000b')).toBe(true);
    expect(containsNul('/fhir/R4/Patient?_id=a%00')).toBe(true);
    expect(containsNul('identifier=urn:x|a%2500')).toBe(false);
    expect(containsNul('nothing to see')).toBe(false);
  });
});
