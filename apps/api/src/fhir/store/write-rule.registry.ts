import { Resource } from '@app/fhir';
import { ResourceWriteRule, WriteRuleContext } from './resource-write.rule';
import { StoredResource } from './stored-resource';

/**
 * The domain rules on writes, many per resource type: each feature registers its own (the discharge
 * Task state machine, a referral's, a Subscription's checks) with a selector, and every rule that
 * applies runs on every path, in the order registered. The kernel knows none of them.
 */
export class WriteRuleRegistry {
  private readonly rules = new Map<string, ResourceWriteRule[]>();

  register(resourceType: string, rule: ResourceWriteRule): void {
    const rules = this.rules.get(resourceType) ?? [];
    if (rules.includes(rule)) throw new Error(`this ${resourceType} write rule is registered twice`);
    this.rules.set(resourceType, [...rules, rule]);
  }

  /** The rules for a version of a resource: those of its type whose selector takes it (the stored version's, on a change). */
  applicable(resource: Resource, previous?: Resource): ResourceWriteRule[] {
    return (this.rules.get(resource.resourceType) ?? []).filter((rule) => !rule.appliesTo || rule.appliesTo(resource) || (previous !== undefined && rule.appliesTo(previous)));
  }

  /** Each applicable rule checks (and may complete) the version in turn; the next one sees what the last made of it. */
  async prepare(rules: ResourceWriteRule[], next: Resource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<Resource> {
    let prepared = next;
    for (const rule of rules) prepared = await rule.prepare(prepared, previous, context);
    return prepared;
  }

  async afterWrite(rules: ResourceWriteRule[], stored: StoredResource, previous: StoredResource | undefined, context: WriteRuleContext): Promise<void> {
    for (const rule of rules) await rule.afterWrite?.(stored, previous, context);
  }

  async beforeDelete(current: StoredResource, context: WriteRuleContext): Promise<void> {
    for (const rule of this.applicable(current.resource)) await rule.beforeDelete?.(current, context);
  }
}
