import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { Principal } from '../auth/principal';

/** A resource type Bro serves but that clients never write (its CodeSystems, the audit trail). */
export interface ReadOnlyTypeProvider {
  read(id: string, actor: Principal | undefined): Promise<Resource>;
  /** A searchset Bundle for the query. */
  search(params: Array<[string, string]>, actor: Principal | undefined): Promise<Resource>;
  /** Its CapabilityStatement entry. */
  capability(): Record<string, unknown>;
}

/** Read-only types, registered by the features that own them, routed by the FHIR controller. */
@Injectable()
export class ReadOnlyTypes {
  private readonly providers = new Map<string, ReadOnlyTypeProvider>();

  register(resourceType: string, provider: ReadOnlyTypeProvider): void {
    this.providers.set(resourceType, provider);
  }

  get(resourceType: string): ReadOnlyTypeProvider | undefined {
    return this.providers.get(resourceType);
  }

  capabilities(): Array<Record<string, unknown>> {
    return [...this.providers.entries()].map(([type, provider]) => ({ type, ...provider.capability() }));
  }
}
