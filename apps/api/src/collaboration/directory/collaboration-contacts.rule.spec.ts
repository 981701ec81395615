import { Resource } from '@app/fhir';
import { SqlClient } from '../../database/sql-client';
import { CommitBatch } from '../../database/commit-batch';
import { FhirService } from '../../fhir/fhir.service';
import { WriteRuleContext } from '../../fhir/store/resource-write.rule';
import { CollaborationContactsProjection } from './collaboration-contacts.projection';
import { CollaborationContactsRule } from './collaboration-contacts.rule';

function transaction(): { client: SqlClient; statements: unknown[][]; commit: () => Promise<void> } {
  const statements: unknown[][] = [];
  const commitBatch = new CommitBatch();
  const client: SqlClient = {
    commitBatch,
    async query<Row>(_sql: string, params: unknown[] = []) {
      statements.push(params);
      return { rows: [] as Row[], rowCount: 0 };
    },
  };
  return { client, statements, commit: () => commitBatch.flush() };
}

const task = (owner: string, status = 'requested'): Resource => ({ resourceType: 'Task', id: 't', status, requester: { reference: 'Organization/unit' }, owner: { reference: owner } });
const stored = (resource: Resource) => ({ resource, versionId: 1, lastUpdated: new Date().toISOString() });
const context = (client: SqlClient): WriteRuleContext => ({ client, ifMatchGiven: false, scratch: new Map(), eventFacts: {} });

describe('collaboration contacts rule', () => {
  let rule: CollaborationContactsRule;

  beforeEach(() => {
    rule = new CollaborationContactsRule({} as FhirService, new CollaborationContactsProjection());
  });

  it('notes new parties once per transaction, in one statement at commit', async () => {
    const tx = transaction();
    await rule.afterWrite(stored(task('PractitionerRole/gp')), undefined, context(tx.client));
    await rule.afterWrite(stored(task('PractitionerRole/gp2')), undefined, context(tx.client));
    expect(tx.statements).toEqual([]);
    await tx.commit();
    expect(tx.statements).toEqual([[[0, 0, 1, 1], ['Organization/unit', 'PractitionerRole/gp', 'Organization/unit', 'PractitionerRole/gp2']]]);
  });

  it('notes nothing for a version that keeps its parties, nor again within the hour for the same parties', async () => {
    const first = transaction();
    await rule.afterWrite(stored(task('PractitionerRole/gp')), undefined, context(first.client));
    await first.commit();
    const accepted = transaction();
    await rule.afterWrite(stored(task('PractitionerRole/gp', 'accepted')), stored(task('PractitionerRole/gp')), context(accepted.client));
    const another = transaction();
    await rule.afterWrite(stored({ ...task('PractitionerRole/gp'), id: 't2' }), undefined, context(another.client));
    await Promise.all([accepted.commit(), another.commit()]);
    expect([first.statements.length, accepted.statements.length, another.statements.length]).toEqual([1, 0, 0]);
  });

  it('notes the same parties once in a transaction that writes them several times', async () => {
    const tx = transaction();
    await rule.afterWrite(stored(task('PractitionerRole/gp')), undefined, context(tx.client));
    await rule.afterWrite(stored({ ...task('PractitionerRole/gp'), id: 't2' }), undefined, context(tx.client));
    await tx.commit();
    expect(tx.statements).toEqual([[[0, 0], ['Organization/unit', 'PractitionerRole/gp']]]);
  });

  it('leaves the parties of a write that never reached its commit to the next write between them', async () => {
    const refused = transaction();
    await rule.afterWrite(stored(task('PractitionerRole/gp')), undefined, context(refused.client));
    // No commit: the write was refused (or rolled back) before its batch was flushed.
    const next = transaction();
    await rule.afterWrite(stored({ ...task('PractitionerRole/gp'), id: 't2' }), undefined, context(next.client));
    await next.commit();
    expect([refused.statements.length, next.statements.length]).toEqual([0, 1]);
  });

  it('notes a forward to someone new', async () => {
    const tx = transaction();
    await rule.afterWrite(stored(task('PractitionerRole/gp3')), stored(task('PractitionerRole/gp')), context(tx.client));
    await tx.commit();
    expect(tx.statements).toHaveLength(1);
  });
});
