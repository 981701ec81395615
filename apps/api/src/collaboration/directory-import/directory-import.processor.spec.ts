import type { DirectoryImportReport } from '@app/fhir/api/directory-import-answers';
import { AppConfig } from '../../config/app-config';
import type { Job } from '../../queues/bullmq.adapter';
import { DirectoryImportJob } from './directory-import.job';
import { DirectoryImportProcessor } from './directory-import.processor';
import { DirectoryImportService, ImportProgress } from './directory-import.service';
import { directoryImportStatus } from './directory-import.status';

const report = (rows: number): DirectoryImportReport => ({
  rows,
  created: rows,
  updated: 0,
  unchanged: 0,
  failed: 0,
  byKind: { organization: { created: rows, updated: 0, unchanged: 0 }, service: { created: 0, updated: 0, unchanged: 0 }, person: { created: 0, updated: 0, unchanged: 0 } },
  errors: [],
});

/** A job as BullMQ hands it to the processor, keeping what the processor tells it. */
function jobOf(total: number) {
  const told: ImportProgress[] = [];
  const job = {
    id: '5f0c8f52-3a1e-4a49-9d38-0d6f3c1b2a11',
    data: { importer: { subject: 'admin', role: 'admin', scopes: [] }, csv: 'kind;name\n…', total } as DirectoryImportJob,
    timestamp: Date.parse('2026-03-02T08:00:00Z'),
    progress: 0 as unknown,
    async updateProgress(progress: ImportProgress) {
      told.push(progress);
      this.progress = progress;
    },
    async updateData(data: DirectoryImportJob) {
      this.data = data;
    },
  };
  return { job, told };
}

/** An import that writes `total` rows, telling of each, the first `refusedAtOnce` of them before any write. */
function importing(total: number, refusedAtOnce = 0): DirectoryImportService {
  return {
    async import(_principal: unknown, _csv: string, onProgress: (progress: ImportProgress) => void) {
      onProgress({ done: refusedAtOnce, total });
      for (let done = refusedAtOnce + 1; done <= total; done++) onProgress({ done, total });
      return report(total);
    },
  } as unknown as DirectoryImportService;
}

describe('DirectoryImportProcessor', () => {
  it('passes a file’s progress on about a hundred times, in order, always its start and its end', async () => {
    const { job, told } = jobOf(10_000);
    const answer = await new DirectoryImportProcessor(importing(10_000, 7), {} as AppConfig).run(job as unknown as Job<DirectoryImportJob>);
    expect(answer.rows).toBe(10_000);
    expect(told[0]).toEqual({ done: 7, total: 10_000 });
    expect(told.at(-1)).toEqual({ done: 10_000, total: 10_000 });
    expect(told.length).toBeGreaterThan(90);
    expect(told.length).toBeLessThanOrEqual(102);
    expect(told.map((progress) => progress.done)).toEqual([...told.map((progress) => progress.done)].sort((a, b) => a - b));
  });

  it('tells every row of a small file, and keeps the report, not the file, once done', async () => {
    const { job, told } = jobOf(3);
    await new DirectoryImportProcessor(importing(3), {} as AppConfig).run(job as unknown as Job<DirectoryImportJob>);
    expect(told.map((progress) => progress.done)).toEqual([0, 1, 2, 3]);
    expect(job.data.csv).toBe('');
    expect(job.data.importer.subject).toBe('admin');
  });

  it('drops the file even when the import stops on a fault', async () => {
    const { job } = jobOf(3);
    const failing = { import: async () => Promise.reject(new Error('database gone')) } as unknown as DirectoryImportService;
    await expect(new DirectoryImportProcessor(failing, {} as AppConfig).run(job as unknown as Job<DirectoryImportJob>)).rejects.toThrow('database gone');
    expect(job.data.csv).toBe('');
  });
});

describe('directoryImportStatus', () => {
  it('tells a queued job as nothing done of the rows counted when it was accepted', () => {
    const { job } = jobOf(40);
    expect(directoryImportStatus(job as unknown as Job<DirectoryImportJob>, 'waiting')).toEqual({
      id: job.id,
      statusUrl: `/api/directory/import/${job.id}`,
      state: 'queued',
      progress: { done: 0, total: 40 },
      queuedAt: '2026-03-02T08:00:00.000Z',
    });
  });

  it('tells a running job its last progress, a finished one its report, a failed one what to do', () => {
    const { job } = jobOf(40);
    const running = { ...job, progress: { done: 12, total: 40 }, processedOn: Date.parse('2026-03-02T08:00:01Z') };
    expect(directoryImportStatus(running as unknown as Job<DirectoryImportJob>, 'active')).toMatchObject({ state: 'running', progress: { done: 12, total: 40 }, startedAt: '2026-03-02T08:00:01.000Z' });
    expect(directoryImportStatus(running as unknown as Job<DirectoryImportJob>, 'active').finishedAt).toBeUndefined();
    const finished = { ...running, returnvalue: report(40), finishedOn: Date.parse('2026-03-02T08:00:09Z') };
    expect(directoryImportStatus(finished as unknown as Job<DirectoryImportJob>, 'completed')).toMatchObject({ state: 'done', progress: { done: 40, total: 40 }, report: { rows: 40 }, finishedAt: '2026-03-02T08:00:09.000Z' });
    const failed = { ...running, finishedOn: Date.parse('2026-03-02T08:00:05Z') };
    expect(directoryImportStatus(failed as unknown as Job<DirectoryImportJob>, 'failed')).toMatchObject({ state: 'failed', problem: expect.stringContaining('send the file again') });
  });
});
