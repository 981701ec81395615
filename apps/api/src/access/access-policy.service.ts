import { Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { SqlClient } from '../database/sql-client';
import { ActorScopeService } from '../directory/actor-scope.service';
import { AccessPolicy } from './access-policy';

/** Builds the caller's {@link AccessPolicy} from their token and the directory (looked up once a minute). */
@Injectable()
export class AccessPolicyService {
  constructor(private readonly scopes: ActorScopeService) {}

  /** Called when the directory changes (see {@link ActorScopeService.forgetAll}). */
  directoryChanged(): void {
    this.scopes.forgetAll();
  }

  async policyFor(principal: Principal, client?: SqlClient): Promise<AccessPolicy> {
    return new AccessPolicy(principal, await this.scopes.scopeOf(principal, client));
  }
}
