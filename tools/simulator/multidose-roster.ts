/**
 * The multidose patients this simulation knows: registered (or found registered) by their GP before a
 * discharge, with the time of the complete list the pharmacy packs from and the one before it. Shared by
 * the discharges (which patients are on multidose), the GP actors (whose inbox tasks are update Tasks, left
 * to the list sender) and the pharmacy (whom it reports dispensing for).
 */
export interface MultidosePatient {
  /** The Patient's id in Bro. */
  patientId: string;
  episodeId: string;
  /** The demo GP responsible (`gp`, `gp2`). */
  gpUser: string;
  /** When the complete list the pharmacy has was sent (ISO). */
  listAt: string;
  previousListAt?: string;
}

export class MultidoseRoster {
  private readonly patients = new Map<string, MultidosePatient>();
  private readonly updateTasks = new Set<string>();

  add(patient: MultidosePatient): void {
    if (!this.patients.has(patient.patientId)) this.patients.set(patient.patientId, patient);
  }

  get(patientId: string | undefined): MultidosePatient | undefined {
    return patientId ? this.patients.get(patientId) : undefined;
  }

  all(): MultidosePatient[] {
    return [...this.patients.values()];
  }

  get size(): number {
    return this.patients.size;
  }

  /** The GP sent an updated complete list: the pharmacy packs from it from now on. */
  listSent(patientId: string, at: string): void {
    const patient = this.patients.get(patientId);
    if (patient) Object.assign(patient, { previousListAt: patient.listAt, listAt: at });
  }

  knowUpdateTask(taskId: string): void {
    this.updateTasks.add(taskId);
  }

  /**
   * Whether an inbox task is a multidose update Task (the list sender closes it by sending the list, not by
   * the task actions): one the list sender has seen, or one without a hand-over category about a multidose patient.
   */
  isUpdateTask(task: { id: string; category?: unknown; patient?: { id: string } }): boolean {
    return this.updateTasks.has(task.id) || (!task.category && this.patients.has(task.patient?.id ?? ''));
  }
}
