import { DomainError } from '../common/errors/domain-error';
import { FhirOperations, OperationDeclaration } from './fhir-operations';

const operation = (overrides: Partial<OperationDeclaration>): OperationDeclaration => ({
  name: 'op',
  level: 'system',
  definition: 'urn:test:op',
  affectsState: true,
  invoke: async (call) => ({ status: 200, resource: { resourceType: 'Parameters', parameter: [{ name: 'id', valueString: call.id ?? '' }] } }),
  ...overrides,
});

describe('FHIR operations router', () => {
  it('routes an operation by level and type, and lists each where it belongs', async () => {
    const operations = new FhirOperations();
    operations.register(operation({ name: 'process-message' }));
    operations.register(operation({ name: 'token', level: 'instance', resourceType: 'Subscription', affectsState: false }));
    const answer = await operations.invoke('instance', 'token', { method: 'GET', body: undefined, resourceType: 'Subscription', id: 'abc' });
    expect(answer.resource.parameter).toEqual([{ name: 'id', valueString: 'abc' }]);
    expect(operations.listed('system')).toEqual([{ name: 'process-message', definition: 'urn:test:op' }]);
    expect(operations.listed('instance', 'Subscription')).toEqual([{ name: 'token', definition: 'urn:test:op' }]);
    expect(operations.listed('instance', 'Task')).toEqual([]);
  });

  it('answers 404 for an operation not offered at that level or on that type', async () => {
    const operations = new FhirOperations();
    operations.register(operation({ name: 'token', level: 'instance', resourceType: 'Subscription' }));
    await expect(operations.invoke('instance', 'token', { method: 'POST', body: {}, resourceType: 'Task', id: 'x' })).rejects.toMatchObject({ status: 404 });
    await expect(operations.invoke('system', 'token', { method: 'POST', body: {} })).rejects.toBeInstanceOf(DomainError);
  });

  it('takes an operation that changes data by POST only', async () => {
    const operations = new FhirOperations();
    operations.register(operation({ name: 'process-message' }));
    await expect(operations.invoke('system', 'process-message', { method: 'GET', body: undefined })).rejects.toMatchObject({ status: 405 });
  });

  it('refuses a second registration and a level without its type', () => {
    const operations = new FhirOperations();
    operations.register(operation({}));
    expect(() => operations.register(operation({}))).toThrow(/twice/);
    expect(() => operations.register(operation({ name: 'x', level: 'type' }))).toThrow(/names one/);
  });
});
