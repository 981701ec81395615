import { PRIMITIVE_CHECKS, PrimitiveTypeName } from './primitive-types';

const cases: Array<[PrimitiveTypeName, unknown[], unknown[]]> = [
  ['boolean', [true, false], ['true', 0, null]],
  ['integer', [0, -5, 2147483647, -2147483648], [1.5, '1', 2147483648, NaN]],
  ['positiveInt', [1, 42], [0, -1, 1.1]],
  ['unsignedInt', [0, 7], [-1, 0.5]],
  ['decimal', [0, -1.25, 1e3], ['1.0', Infinity, NaN]],
  ['string', ['x', ' spaced ', 'æøå'], [1, {}]],
  ['code', ['in-progress', 'a b', '<='], [' leading', 'trailing ', 'two  spaces', 'tab\tx\ty ']],
  ['id', ['a-b.c', 'A1', 'x'.repeat(64)], ['a_b', 'x'.repeat(65), 'a/b']],
  ['uri', ['urn:oid:1.2', 'http://x.no/a?b=c'], ['has space']],
  ['canonical', ['http://hl7.org/fhir/StructureDefinition/Patient|4.0.1'], ['a b']],
  ['oid', ['urn:oid:2.16.578.1.12.4.1.4.1'], ['2.16.578', 'urn:oid:3.1', 'urn:oid:1.02']],
  ['uuid', ['urn:uuid:6f1c0c6a-3b2f-4c8e-9f51-3d4a5b6c7d8e'], ['6f1c0c6a-3b2f-4c8e-9f51-3d4a5b6c7d8e', 'urn:uuid:6F1C0C6A-3B2F-4C8E-9F51-3D4A5B6C7D8E']],
  ['date', ['2026', '2026-11', '2026-11-23', '2024-02-29'], ['2026-11-23T10:00:00Z', '2026-13', '2025-02-29', '2026-04-31', '26-11-23', '0000']],
  [
    'dateTime',
    ['2026', '2026-11-23', '2026-11-23T10:15:30Z', '2026-11-23T10:15:30.5+01:00', '2026-11-23T23:59:60+14:00'],
    ['2026-11-23T10:15:30', '2026-11-23T10:15Z', '2026-11-23T24:00:00Z', '2026-11-23 10:15:30Z', '2026-11-23T10:15:30+15:00'],
  ],
  ['instant', ['2026-11-23T10:15:30.123Z', '2026-11-23T10:15:30+01:00'], ['2026-11-23', '2026-11-23T10:15:30']],
  ['time', ['08:00:00', '23:59:59.999'], ['8:00', '24:00:00', '08:00']],
  ['base64Binary', ['JVBERi0xLjQK', 'YQ==', 'YWI=', 'YWJj\nZGVm'], ['YQ=', 'Y', '%%%%']],
  ['markdown', ['# Heading\n\n*x*'], [3]],
  ['xhtml', ['<div xmlns="http://www.w3.org/1999/xhtml">x</div>'], ['<div>x</div>', '<p>x</p>', 'plain', 1]],
];

describe('FHIR R4 primitive types', () => {
  it.each(cases)('%s', (type, valid, invalid) => {
    for (const value of valid) expect([value, PRIMITIVE_CHECKS[type](value)]).toEqual([value, undefined]);
    for (const value of invalid) expect([value, PRIMITIVE_CHECKS[type](value)]).toEqual([value, expect.any(String)]);
  });
});
