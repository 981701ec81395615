import { BroRole, Principal } from '../../auth/principal';

/**
 * Who asked for an import: enough of their token to write as them in the worker (the role table and scopes
 * decide, as for the request itself), without keeping the token.
 */
export interface DirectoryImporter {
  subject: string;
  role: BroRole;
  scopes: string[];
  clientId?: string;
  name?: string;
}

/** One registry file waiting for, or in, the worker. The file goes from the job once it is done (see the processor). */
export interface DirectoryImportJob {
  importer: DirectoryImporter;
  csv: string;
  /** The file's data rows, counted when it was accepted: the progress of a job not started yet. */
  total: number;
}

/** A finished job keeps its report this long, for the status URL; then it is forgotten (404). */
export const DIRECTORY_IMPORT_KEPT_SECONDS = 7 * 24 * 3600;

export function importerOf(principal: Principal): DirectoryImporter {
  return {
    subject: principal.subject,
    role: principal.role,
    scopes: principal.scopes,
    ...(principal.clientId ? { clientId: principal.clientId } : {}),
    ...(principal.name ? { name: principal.name } : {}),
  };
}

/** The importer as the caller of the writes: no token behind it (nothing expires), never emergency access. */
export function principalOfImporter(importer: DirectoryImporter): Principal {
  return { ...importer, tokenExpiresAt: Number.MAX_SAFE_INTEGER };
}
