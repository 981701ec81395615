import { Injectable } from '@nestjs/common';
import {
  REVOLVING_DOOR_INDEX_EXTENSION,
  REVOLVING_DOOR_TASK_EXTENSION,
  Resource,
  admissionTimeOf,
  dischargeTimeOf,
  indexEncounterOf,
  indexStayOf,
  isElderlyOnDischargeDay,
  isIndexDischarge,
  referenceOf,
  revolvingDoorFlag,
  revolvingDoorFlagOf,
  withExtension,
} from '@app/fhir';
import { BoardScope } from '@app/fhir/board/board-metrics';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { RevolvingDoorFacts, RevolvingDoorFlagChange } from './revolving-door-event';

/** `Flag.code` token of a revolving-door Flag, as its column holds it. */
export const REVOLVING_DOOR_FLAG_TOKEN = 'sv:urn:bro:flag|revolving-door';

/** Hand-over Tasks still being worked (or contested): the ones whose mark a GP or coordinator still looks at. */
const OPEN_TASK_STATUSES = ['draft', 'requested', 'received', 'accepted', 'in-progress', 'on-hold', 'rejected'];

/** A patient's stays considered at once: far more than any patient has within the indicator's reach. */
const MAX_STAYS = 200;

interface Stay {
  id: string;
  resource: Resource;
}

interface FlagRow {
  id: string;
  /** `Encounter/<id>` of the readmission. */
  encounter: string;
  resource: Resource;
}

/** A `revolving_door_stay` row as stored (timestamps as JSON gives them). */
interface BoardRow {
  encounterId: string;
  unit: string | null;
  office: string | null;
  hospital: string | null;
  dischargedAt: string;
  readmissionId: string | null;
  readmittedAt: string | null;
  flagId: string | null;
}

interface PatientStays {
  birthDate: string | undefined;
  office: string | null;
  stays: Stay[];
  flags: FlagRow[];
  boardRows: BoardRow[];
}

interface IndexRow {
  encounterId: string;
  unit: string | null;
  dischargedAt: Date;
  readmissionId: string | null;
  readmittedAt: Date | null;
  flagId: string | null;
}

/**
 * Decides, from the stays Bro holds, which of a patient's admissions are revolving-door readmissions and keeps
 * the rest in step, inside the transaction of the Encounter write that may change it: one Flag per readmission
 * (raised, or lowered when a correction means it no longer counts), the mark on the readmission's open
 * hand-over Tasks, and the board's `revolving_door_stay` rows of the patient. Recomputed for the patient as a
 * whole, so it comes out the same whatever order admissions, discharges and corrections arrive in; writes
 * nothing when nothing changed, so a re-sent stay is idempotent.
 */
@Injectable()
export class RevolvingDoorCheck {
  /**
   * Per transaction, the active revolving-door Flag of each stay this check has just decided (null: none), so
   * the hand-over's Tasks written next in the same transaction are marked without asking the database again.
   */
  private readonly decided = new WeakMap<SqlClient, Map<string, string | null>>();

  constructor(private readonly fhir: FhirService) {}

  /** The Flag (`Flag/<id>`, or null for none) this transaction's check decided for a stay; undefined when it decided nothing about it. */
  decidedFlagOf(client: SqlClient, encounter: string): string | null | undefined {
    return this.decided.get(client)?.get(encounter);
  }

  /** `created`: the Encounter is new in this write, so no Task can name it yet. */
  async stayChanged(client: SqlClient, encounter: Resource, patient: string, created = false): Promise<RevolvingDoorFacts | undefined> {
    // Two writes about one patient's stays queue here, so both see the other's and one Flag comes of them. A
    // statement of its own: the next one's snapshot is taken after the lock is held.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`revolving-door:${patient}`]);
    const found = await this.staysOf(client, patient);
    if (!found) return undefined;
    const decided = this.decided.get(client) ?? new Map<string, string | null>();
    this.decided.set(client, decided);
    // Age only grows: a patient under 67 on the latest day this stay names (or today) was under 67 on every discharge.
    const latest = new Date(Math.max(Date.now(), dischargeTimeOf(encounter)?.getTime() ?? 0, admissionTimeOf(encounter)?.getTime() ?? 0));
    if (!isElderlyOnDischargeDay(found.birthDate, latest) && found.flags.length === 0) {
      decided.set(`Encounter/${encounter.id}`, null);
      return undefined;
    }

    const expected = new Map<string, Stay>();
    for (const stay of found.stays) {
      const index = indexStayOf(stay.resource, found.stays, found.birthDate);
      if (index) expected.set(stay.id, index);
    }
    const existing = new Map(found.flags.map((flag) => [flag.encounter, flag]));
    const raised: RevolvingDoorFlagChange[] = [];
    const lowered: RevolvingDoorFlagChange[] = [];
    const flagOf = new Map<string, string>();
    const stayById = new Map(found.stays.map((stay) => [stay.id, stay]));

    for (const [readmissionId, index] of expected) {
      const readmission = stayById.get(readmissionId)!;
      const flag = existing.get(`Encounter/${readmissionId}`);
      const wanted = revolvingDoorFlag(patient, readmission.resource, index.resource);
      const change = { readmission: `Encounter/${readmissionId}`, unit: referenceOf(readmission.resource.serviceProvider) ?? null };
      // Tasks can name the stay only if it was there before this write.
      const mayHaveTasks = !(created && readmissionId === encounter.id);
      if (!flag) {
        const made = await this.fhir.create('Flag', wanted, { client, decidedByService: true });
        flagOf.set(readmissionId, made.resource.id!);
        raised.push({ flag: `Flag/${made.resource.id}`, ...change });
        if (mayHaveTasks) await this.markTasks(client, readmissionId, made.resource.id!);
        continue;
      }
      flagOf.set(readmissionId, flag.id);
      const wasActive = flag.resource.status === 'active';
      const samePeriod = (flag.resource.period as { start?: string } | undefined)?.start === (wanted.period as { start: string }).start;
      if (wasActive && indexEncounterOf(flag.resource) === `Encounter/${index.id}` && samePeriod) continue;
      await this.updateFlag(client, flag.id, (stored) =>
        withExtension({ ...stored, status: 'active', period: wanted.period }, REVOLVING_DOOR_INDEX_EXTENSION, { valueReference: { reference: `Encounter/${index.id}` } }),
      );
      if (!wasActive) {
        raised.push({ flag: `Flag/${flag.id}`, ...change });
        if (mayHaveTasks) await this.markTasks(client, readmissionId, flag.id);
      }
    }
    for (const [readmission, flag] of existing) {
      const readmissionId = readmission.slice('Encounter/'.length);
      if (expected.has(readmissionId) || flag.resource.status !== 'active') continue;
      const stay = stayById.get(readmissionId);
      // A stay entered in error never was one; a stay corrected (elective after all, other times) no longer counts.
      const status = !stay || stay.resource.status === 'entered-in-error' ? 'entered-in-error' : 'inactive';
      await this.updateFlag(client, flag.id, (stored) => ({ ...stored, status }));
      lowered.push({ flag: `Flag/${flag.id}`, readmission, unit: referenceOf(stay?.resource.serviceProvider) ?? null });
      await this.markTasks(client, readmissionId, undefined);
    }
    for (const stay of found.stays) decided.set(`Encounter/${stay.id}`, flagOf.has(stay.id) ? `Flag/${flagOf.get(stay.id)}` : null);

    const boards = await this.refreshStays(client, patient, found, expected, flagOf);
    return raised.length || lowered.length || boards.length ? { raised, lowered, boards } : undefined;
  }

  /**
   * The patient's birth date, GP office, stays, revolving-door Flags and board rows, in one statement; undefined
   * for a patient Bro does not hold.
   */
  private async staysOf(client: SqlClient, patient: string): Promise<PatientStays | undefined> {
    const { rows } = await client.query<{ birth_date: string | null; office: string | null; stays: Stay[] | null; flags: FlagRow[] | null; board_rows: BoardRow[] | null }>(
      `SELECT p.resource->>'birthDate' AS birth_date,
              (SELECT CASE WHEN gp LIKE 'Organization/%' THEN gp ELSE (SELECT r.sp_organization FROM fhir_practitioner_role r WHERE r.id = substr(gp, 18) AND gp LIKE 'PractitionerRole/%') END
                 FROM unnest(p.sp_general_practitioner) AS gp LIMIT 1) AS office,
              (SELECT json_agg(json_build_object('id', e.id, 'resource', e.resource))
                 FROM (SELECT id, resource FROM fhir_encounter WHERE sp_subject = $1 ORDER BY sp_date_start DESC NULLS LAST LIMIT ${MAX_STAYS}) e) AS stays,
              (SELECT json_agg(json_build_object('id', f.id, 'encounter', f.sp_encounter, 'resource', f.resource)) FILTER (WHERE f.sp_code @> ARRAY[$3])
                 FROM fhir_flag f WHERE f.sp_subject = $1) AS flags,
              (SELECT json_agg(json_build_object('encounterId', r.encounter_id, 'unit', r.unit, 'office', r.office, 'hospital', r.hospital, 'dischargedAt', r.discharged_at,
                                                 'readmissionId', r.readmission_id, 'readmittedAt', r.readmitted_at, 'flagId', r.flag_id))
                 FROM revolving_door_stay r WHERE r.patient = $1) AS board_rows
         FROM fhir_patient p WHERE p.id = $2`,
      [patient, patient.slice('Patient/'.length), REVOLVING_DOOR_FLAG_TOKEN],
      // Planned once per connection: its subqueries cost more to plan than to run.
      { prepared: true },
    );
    if (!rows[0]) return undefined;
    return {
      birthDate: rows[0].birth_date ?? undefined,
      office: rows[0].office,
      stays: rows[0].stays ?? [],
      flags: rows[0].flags ?? [],
      boardRows: rows[0].board_rows ?? [],
    };
  }

  /** Changes a Flag as Bro, from its stored version read under lock. */
  private async updateFlag(client: SqlClient, id: string, change: (stored: Resource) => Resource): Promise<void> {
    const flag = await this.fhir.readForUpdate('Flag', id, { client });
    if (!flag) return;
    await this.fhir.update('Flag', id, change(flag.resource), { client, ifMatch: flag.versionId, current: flag, decidedByService: true });
  }

  /**
   * Marks (or, with no flag, unmarks) the readmission's open hand-over Tasks already stored: those that came
   * before the stay counted, as when a late discharge of the index stay arrives after the readmission's hand-over.
   */
  private async markTasks(client: SqlClient, readmissionId: string, flagId: string | undefined): Promise<void> {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM fhir_task WHERE sp_encounter = $1 AND sp_status = ANY($2::text[])`, [
      `Encounter/${readmissionId}`,
      OPEN_TASK_STATUSES,
    ]);
    for (const row of rows) {
      const task = await this.fhir.readForUpdate('Task', row.id, { client });
      if (!task || revolvingDoorFlagOf(task.resource) === (flagId ? `Flag/${flagId}` : undefined)) continue;
      const next = withExtension(task.resource, REVOLVING_DOOR_TASK_EXTENSION, flagId ? { valueReference: { reference: `Flag/${flagId}` } } : undefined);
      await this.fhir.update('Task', row.id, next, { client, ifMatch: task.versionId, current: task, decidedByService: true });
    }
  }

  /**
   * The patient's rows of `revolving_door_stay`, made again: one per discharge that can be an index stay, with
   * the readmission that came after it. Returns the boards whose panel moves (the rows' before and after).
   */
  private async refreshStays(client: SqlClient, patient: string, found: PatientStays, expected: Map<string, Stay>, flagOf: Map<string, string>): Promise<BoardScope[]> {
    const rows: IndexRow[] = [];
    for (const stay of found.stays) {
      if (!isIndexDischarge(stay.resource, found.birthDate)) continue;
      // The first readmission that came back from this stay (a later one would have a later index).
      const readmissions = [...expected.entries()].filter(([, index]) => index.id === stay.id).map(([id]) => found.stays.find((other) => other.id === id)!);
      readmissions.sort((a, b) => admissionTimeOf(a.resource)!.getTime() - admissionTimeOf(b.resource)!.getTime());
      const readmission = readmissions[0];
      rows.push({
        encounterId: stay.id,
        unit: referenceOf(stay.resource.serviceProvider) ?? null,
        dischargedAt: dischargeTimeOf(stay.resource)!,
        readmissionId: readmission?.id ?? null,
        readmittedAt: readmission ? admissionTimeOf(readmission.resource)! : null,
        flagId: readmission ? (flagOf.get(readmission.id) ?? null) : null,
      });
    }
    if (sameRows(found.boardRows, rows, found.office)) return [];
    // One statement: the patient's old rows out, the new ones in, and where both count.
    const { rows: places } = await client.query<{ hospital: string | null; office: string | null }>(
      `WITH gone AS (DELETE FROM revolving_door_stay WHERE patient = $1 RETURNING hospital, office),
            made AS (
              INSERT INTO revolving_door_stay (encounter_id, patient, unit, hospital, office, discharged_at, readmission_id, readmitted_at, flag_id)
              SELECT s.encounter_id, $1, s.unit, COALESCE((SELECT o.sp_partof FROM fhir_organization o WHERE o.id = substr(s.unit, 14) AND s.unit LIKE 'Organization/%'), s.unit), $2,
                     s.discharged_at, s.readmission_id, s.readmitted_at, s.flag_id
                FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::timestamptz[], $8::text[])
                     AS s(encounter_id, unit, discharged_at, readmission_id, readmitted_at, flag_id)
              RETURNING hospital, office)
       SELECT hospital, office FROM gone UNION SELECT hospital, office FROM made`,
      [
        patient,
        found.office,
        rows.map((row) => row.encounterId),
        rows.map((row) => row.unit),
        rows.map((row) => row.dischargedAt.toISOString()),
        rows.map((row) => row.readmissionId),
        rows.map((row) => row.readmittedAt?.toISOString() ?? null),
        rows.map((row) => row.flagId),
      ],
      { prepared: true },
    );
    const scopes = new Set<BoardScope>(['municipality']);
    for (const place of places) {
      if (place.hospital) scopes.add(`hospital:${place.hospital}` as BoardScope);
      if (place.office) scopes.add(`office:${place.office}` as BoardScope);
    }
    return [...scopes];
  }
}

const instantOf = (value: string | Date | null): number | null => (value === null ? null : new Date(value).getTime());

/** Whether the stored rows already say what the new ones would (a stay written again changes nothing). */
function sameRows(stored: BoardRow[], next: IndexRow[], office: string | null): boolean {
  if (stored.length !== next.length) return false;
  const byStay = new Map(stored.map((row) => [row.encounterId, row]));
  return next.every((row) => {
    const was = byStay.get(row.encounterId);
    return (
      was !== undefined &&
      was.unit === row.unit &&
      was.office === office &&
      instantOf(was.dischargedAt) === instantOf(row.dischargedAt) &&
      was.readmissionId === row.readmissionId &&
      instantOf(was.readmittedAt) === instantOf(row.readmittedAt) &&
      was.flagId === row.flagId
    );
  });
}

