import { Resource } from '@app/fhir';
import { DomainError } from '../../common/errors/domain-error';
import { isElement, topLevelElementsOf } from './resource-elements';
import { SUBSETTED, parseElements, readSubsetting, subsetResource } from './resource-subset';

const observation: Resource = {
  resourceType: 'Observation',
  id: 'o1',
  meta: { versionId: '2', tag: [{ system: 'urn:x', code: 'y' }] },
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
  status: 'final',
  _status: { extension: [{ url: 'urn:why', valueString: 'checked' }] },
  code: { text: 'Hb' },
  valueQuantity: { value: 13 },
  note: [{ text: 'not summary' }],
  modifierExtension: [{ url: 'urn:m', valueBoolean: true }],
};

function refusal(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('resource subsets', () => {
  it('reads summary and mandatory elements from the R4 definitions', () => {
    const task = topLevelElementsOf('Task')!;
    expect(task.mandatory.sort()).toEqual(['intent', 'status']);
    expect(task.summary).toEqual(expect.arrayContaining(['id', 'meta', 'status', 'for', 'owner']));
    expect(task.summary).not.toContain('note');
    expect(topLevelElementsOf('Observation')!.summary).toContain('value[x]');
  });

  it('matches a choice element by each of its forms only', () => {
    expect(isElement('value[x]', 'valueQuantity')).toBe(true);
    expect(isElement('value[x]', 'value')).toBe(false);
    expect(isElement('value[x]', 'valuesomething')).toBe(false);
    expect(isElement('status', 'status')).toBe(true);
  });

  it('_summary=true keeps summary, mandatory and modifier elements, with primitive extensions, and tags the copy', () => {
    const summary = subsetResource(observation, { summary: 'true' }) as Record<string, unknown>;
    expect(Object.keys(summary).sort()).toEqual(['_status', 'code', 'id', 'meta', 'modifierExtension', 'resourceType', 'status', 'valueQuantity']);
    expect((summary.meta as { tag: unknown[] }).tag).toEqual([{ system: 'urn:x', code: 'y' }, SUBSETTED]);
    expect((summary.meta as { versionId: string }).versionId).toBe('2');
    // The stored resource is not touched.
    expect(observation.meta!.tag).toHaveLength(1);
  });

  it('_summary=text and data', () => {
    expect(Object.keys(subsetResource(observation, { summary: 'text' })).sort()).toEqual(['_status', 'code', 'id', 'meta', 'resourceType', 'status', 'text']);
    expect(subsetResource(observation, { summary: 'data' })).not.toHaveProperty('text');
    expect(subsetResource(observation, { summary: 'data' })).toHaveProperty('note');
  });

  it('_elements keeps what is named (a choice by its name), the mandatory elements and modifiers', () => {
    const subset = subsetResource(observation, { elements: ['value'] });
    expect(Object.keys(subset).sort()).toEqual(['_status', 'code', 'id', 'meta', 'modifierExtension', 'resourceType', 'status', 'valueQuantity']);
    expect(Object.keys(subsetResource(observation, { elements: ['note'] }))).toContain('note');
  });

  it('leaves a resource alone when no subset is asked for, and tags it once', () => {
    expect(subsetResource(observation, {})).toBe(observation);
    const twice = subsetResource(subsetResource(observation, { summary: 'data' }), { summary: 'data' });
    expect(twice.meta!.tag).toHaveLength(2);
  });

  it('refuses elements the type does not have, nested paths, and _summary=count on a read', () => {
    expect(parseElements('Observation', 'status, value,valueQuantity')).toEqual(['status', 'value', 'valueQuantity']);
    expect(refusal(() => parseElements('Observation', 'colour')).status).toBe(400);
    expect(refusal(() => parseElements('Observation', 'code.text')).status).toBe(400);
    expect(refusal(() => readSubsetting('Task', [['_summary', 'count']])).status).toBe(400);
    expect(readSubsetting('Task', [['_summary', 'false'], ['other', 'x']])).toEqual({});
  });
});
