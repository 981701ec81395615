import { Injectable } from '@nestjs/common';
import { SqlClient } from '../../database/sql-client';

/**
 * Notes, per organisation, the parties on the other side of its Tasks, ServiceRequests and Appointments
 * (each party and that party's organisation), with when: the small table "recently collaborated with" is
 * read from, so no search scans the workflows' resources. A pair already noted today is left alone, so the
 * busy pairs (a unit and the GP offices it hands over to all day) take no row lock on the hot path; new pairs
 * are written in one order, so two hand-overs between the same parties never wait on each other in turn.
 */
const NOTE_SQL = `WITH party(grp, ref) AS (SELECT * FROM unnest($1::int[], $2::text[])),
  resolved AS (
    SELECT p.grp, p.ref,
           CASE WHEN p.ref LIKE 'Organization/%' THEN p.ref
                WHEN p.ref LIKE 'PractitionerRole/%' THEN (SELECT r.sp_organization FROM fhir_practitioner_role r WHERE r.id = substr(p.ref, 18))
                WHEN p.ref LIKE 'HealthcareService/%' THEN (SELECT s.sp_organization FROM fhir_healthcare_service s WHERE s.id = substr(p.ref, 19))
           END AS org
      FROM party p),
  pairs AS (
    SELECT DISTINCT a.org AS organization, partner.ref AS partner
      FROM resolved a JOIN resolved b ON a.grp = b.grp AND a.org IS NOT NULL AND b.org IS DISTINCT FROM a.org
      CROSS JOIN LATERAL (VALUES (b.ref), (b.org)) AS partner(ref)
     WHERE partner.ref IS NOT NULL)
INSERT INTO directory_collaboration (organization, partner, last_at)
SELECT p.organization, p.partner, now() FROM pairs p
 WHERE NOT EXISTS (SELECT 1 FROM directory_collaboration c WHERE c.organization = p.organization AND c.partner = p.partner AND c.last_at > now() - interval '1 day')
 ORDER BY p.organization, p.partner
ON CONFLICT (organization, partner) DO UPDATE SET last_at = greatest(directory_collaboration.last_at, EXCLUDED.last_at)`;

/**
 * Parties this process noted lately: the same unit handing over to the same GP all day is sent to the database
 * once an hour. Only a saving of statements, never what is true: each process (the API instances and the worker
 * each have their own) keeps its own, and the statement itself leaves a pair noted within the day as it is, so
 * two processes noting the same pair in the same hour write it once between them and cost one statement each.
 * Nothing is read from it but "skip the statement".
 */
const NOTED_FOR_MILLISECONDS = 60 * 60_000;
const NOTED_LIMIT = 10_000;

@Injectable()
export class CollaborationContactsProjection {
  private readonly noted = new Map<string, number>();

  /**
   * Batched at commit: one statement for every collaboration a transaction wrote, none when this process noted
   * the same parties within the hour. A set is counted as noted once its statement has run (just before the
   * commit), not when it is asked for: a write refused before its commit leaves its parties to the next write
   * between them. (A commit failing after the statement ran loses that note for this process until the hour is
   * out; the ranking counts collaborations by the day, and any other process notes it meanwhile.)
   */
  async note(client: SqlClient, parties: string[]): Promise<void> {
    if (parties.length < 2) return;
    const key = keyOf(parties);
    if ((this.noted.get(key) ?? 0) > Date.now()) return;
    const noteAndRemember = async (groups: string[][]) => {
      // A hand-over's tasks share their parties: each set once in the statement.
      const distinct = [...new Map(groups.map((group) => [keyOf(group), group])).values()];
      await noteCollaborations(client, distinct);
      this.remember(distinct);
    };
    if (client.commitBatch) {
      client.commitBatch.add('directory-collaboration', [parties], noteAndRemember);
      return;
    }
    await noteAndRemember([parties]);
  }

  private remember(groups: readonly string[][]): void {
    const until = Date.now() + NOTED_FOR_MILLISECONDS;
    if (this.noted.size + groups.length > NOTED_LIMIT) this.noted.clear();
    for (const parties of groups) this.noted.set(keyOf(parties), until);
  }
}

const keyOf = (parties: readonly string[]) => [...parties].sort().join(' ');

/** Notes many collaborations (each a list of parties) in one statement. */
export async function noteCollaborations(client: SqlClient, groups: readonly string[][]): Promise<void> {
  const grp: number[] = [];
  const refs: string[] = [];
  groups.forEach((parties, i) => {
    for (const party of parties) {
      grp.push(i);
      refs.push(party);
    }
  });
  if (refs.length === 0) return;
  await client.query(NOTE_SQL, [grp, refs], { prepared: true });
}
