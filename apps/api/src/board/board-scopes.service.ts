import { Injectable } from '@nestjs/common';
import { BoardScope, BoardScopeOption, parseBoardScope } from '@app/fhir/board/board-metrics';
import { BOARD_ACCESS } from '../access/access-policy';
import { Principal } from '../auth/principal';
import { Database } from '../database/sql-client';
import { ActorScopeService } from '../directory/actor-scope.service';
import { DomainError } from '../common/errors/domain-error';
import { organizationTypeJson } from '../directory/organization-names';
import { boardViewerOf } from '../access/board-viewer';
import { BoardKey, boardKey } from './board-key';

/**
 * The boards a caller may watch (BOARD_ACCESS in the access policy): every hospital and GP office
 * for the quality team, the caller's own hospital or office for the people working there, the
 * municipality for everyone signed in.
 */
@Injectable()
export class BoardScopesService {
  constructor(
    private readonly database: Database,
    private readonly scopes: ActorScopeService,
  ) {}

  async optionsFor(principal: Principal): Promise<BoardScopeOption[]> {
    const access = BOARD_ACCESS[principal.role];
    if (access === 'none') return [];
    const municipality: BoardScopeOption = { scope: 'municipality', kind: 'municipality', label: 'Bergen kommune' };
    if (access === 'municipality') return [municipality];
    const own = access === 'own' ? (await this.scopes.scopeOf(principal)).organizations : null;
    // A hospital is an organisation typed `hospital`; a unit's hospital is what it is part of.
    const { rows } = await this.database.query<{ kind: 'hospital' | 'office'; ref: string; name: string | null }>(
      `SELECT DISTINCT kind, ref, name FROM (
         SELECT 'hospital' AS kind, 'Organization/' || h.id AS ref, h.resource->>'name' AS name
           FROM fhir_organization h
          WHERE h.resource->'type' @> $1::jsonb
            AND ($3::text[] IS NULL OR 'Organization/' || h.id = ANY($3)
                 OR EXISTS (SELECT 1 FROM fhir_organization u WHERE u.sp_partof = 'Organization/' || h.id AND 'Organization/' || u.id = ANY($3)))
         UNION ALL
         SELECT 'office', 'Organization/' || o.id, o.resource->>'name'
           FROM fhir_organization o
          WHERE o.resource->'type' @> $2::jsonb AND ($3::text[] IS NULL OR 'Organization/' || o.id = ANY($3))
       ) options ORDER BY kind, name`,
      [organizationTypeJson('hospital'), organizationTypeJson('gp-office'), own],
    );
    return [
      municipality,
      ...rows.map((row) => ({ scope: `${row.kind}:${row.ref}` as BoardScope, kind: row.kind, label: row.name ?? row.ref })),
    ];
  }

  /** The scope, parsed, if the caller may watch it: 400 for a malformed scope, 403 for someone else's board. */
  async authorize(principal: Principal, scope: unknown): Promise<BoardScope> {
    if (!parseBoardScope(scope)) {
      throw DomainError.badRequest('scope must be municipality, hospital:Organization/<id> or office:Organization/<id>');
    }
    const options = await this.optionsFor(principal);
    if (!options.some((option) => option.scope === scope)) {
      throw DomainError.forbidden(`a ${principal.role} user may not watch the board of ${String(scope)}`);
    }
    return scope as BoardScope;
  }

  /**
   * The board the caller gets for a scope they may watch: their own reading of it when they may see
   * some of what it counts (a GP on their own office's board), else the board as everyone reads it.
   */
  async keyFor(principal: Principal, scope: BoardScope): Promise<BoardKey> {
    if (principal.role !== 'gp') return scope;
    return boardKey(scope, boardViewerOf(principal, scope, await this.scopes.scopeOf(principal)));
  }
}
