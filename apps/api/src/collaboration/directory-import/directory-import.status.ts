import type { DirectoryImportReport, DirectoryImportState, DirectoryImportStatus } from '@app/fhir/api/directory-import-answers';
import type { Job } from '../../queues/bullmq.adapter';
import type { DirectoryImportJob } from './directory-import.job';
import type { ImportProgress } from './directory-import.service';

export const directoryImportStatusUrl = (id: string) => `/api/directory/import/${id}`;

const STATE_OF: Record<string, DirectoryImportState> = { active: 'running', completed: 'done', failed: 'failed' };

function progressOf(job: Job<DirectoryImportJob>): ImportProgress {
  const reported = job.progress as Partial<ImportProgress> | number;
  if (typeof reported === 'object' && typeof reported.done === 'number' && typeof reported.total === 'number') return { done: reported.done, total: reported.total };
  return { done: 0, total: job.data.total };
}

/** The status URL's answer from the job as BullMQ keeps it (`state` from `getState()`). */
export function directoryImportStatus(job: Job<DirectoryImportJob>, bullState: string): DirectoryImportStatus {
  const state = STATE_OF[bullState] ?? 'queued';
  const report = state === 'done' ? (job.returnvalue as DirectoryImportReport) : undefined;
  return {
    id: job.id!,
    statusUrl: directoryImportStatusUrl(job.id!),
    state,
    // A finished job's count is its report's: every row done.
    progress: report ? { done: report.rows, total: report.rows } : progressOf(job),
    queuedAt: new Date(job.timestamp).toISOString(),
    ...(job.processedOn ? { startedAt: new Date(job.processedOn).toISOString() } : {}),
    ...(job.finishedOn && state !== 'running' && state !== 'queued' ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
    ...(report ? { report } : {}),
    ...(state === 'failed' ? { problem: 'the import stopped on a fault (logged); rows written before it stay written: send the file again to finish it' } : {}),
  };
}
