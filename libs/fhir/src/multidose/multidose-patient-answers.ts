/**
 * What the GP's and the coordinator's multidose endpoints answer (`/api/multidose/patients…`, `/api/multidose/badges`):
 * plain types only, so the browser imports this file directly. docs/multidose.md ("For GPs and coordinators").
 */
import type { EreseptMessage } from './eresept-message';
import type { MultidoseMode, MultidoseState } from './multidose-state';

/** The open update Task of an episode (kind `multidose-update`): what the responsible doctor must do, and by when. */
export interface MultidoseUpdateTaskSummary {
  id: string;
  version: number;
  status: string;
  /** YYYY-MM-DD (the Task's `restriction.period.end`). */
  due?: string;
  /** The due date has passed (Europe/Oslo). */
  overdue: boolean;
}

/** One row of "Mine multidosepasienter". */
export interface MultidosePatientSummary {
  episodeId: string;
  episodeVersion: number;
  patient: { id: string; name?: string; birthDate?: string };
  state: MultidoseState;
  mode?: MultidoseMode;
  pharmacy?: { display?: string; herId?: string };
  /** The open update Task, when a change is waiting for the complete list. */
  update?: MultidoseUpdateTaskSummary;
  /** When the responsible doctor last sent the complete list (M25.1). */
  lastCompleteList?: string;
  /** A dispensing report after the update's due date still showed the old list (the board's deviation). */
  deviation: boolean;
}

export interface MultidosePatientPage {
  total: number;
  page: number;
  pageSize: number;
  patients: MultidosePatientSummary[];
}

/** One entry of an episode's timeline: a state change (from the episode's versions) or an e-prescription event. */
export type MultidoseTimelineEntry =
  | { kind: 'state'; at: string; version: number; from?: MultidoseState; to: MultidoseState }
  | { kind: 'message'; at: string; id: string; message: EreseptMessage; deregistration?: boolean; packedFromList?: string };

/** `GET /api/multidose/patients/<id>/episode`: the patient's multidose episode and what happened to it, oldest first. */
export interface MultidoseEpisodeView {
  episodeId: string;
  episodeVersion: number;
  patient: { id: string };
  state: MultidoseState;
  mode?: MultidoseMode;
  pharmacy?: { display?: string; herId?: string };
  careManager?: { reference?: string; hpr?: string; display?: string };
  managingOrganization?: string;
  lastCompleteList?: string;
  deviation: boolean;
  update?: MultidoseUpdateTaskSummary;
  timeline: MultidoseTimelineEntry[];
}

/** A patient's multidose at a glance, for the inbox and the hand-over form and list. */
export interface MultidoseBadge {
  episodeId: string;
  episodeVersion: number;
  state: MultidoseState;
  mode?: MultidoseMode;
  /** The state is change-pending, or an update Task is still open (a change waits for the doctor's complete list). */
  pendingChange: boolean;
}

/** `GET /api/multidose/badges?patient=…`: by patient id, only the patients whose episode the caller may see. */
export interface MultidoseBadges {
  badges: Record<string, MultidoseBadge>;
}
