import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import type { DirectoryImportReport } from '@app/fhir/api/directory-import-answers';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { Job, Worker, startWorker } from '../../queues/bullmq.adapter';
import { DirectoryImportJob, principalOfImporter } from './directory-import.job';
import { DirectoryImportService, ImportProgress } from './directory-import.service';

/** How often a file's progress is passed on: about a hundred times a file, at most once a row. */
const PROGRESS_STEPS = 100;

/**
 * Runs the registry files in the worker, one file at a time per worker (each row is a few transactions, four
 * rows side by side; the database has hand-overs to take meanwhile). The job's progress is the rows done of
 * the file's rows; its result is the per-row report. A worker that dies mid-file leaves the job to be run
 * again by another once its lock runs out: the rows written already are found as the file says (unchanged).
 */
@Injectable()
export class DirectoryImportProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DirectoryImport');
  private worker?: Worker<DirectoryImportJob>;

  constructor(
    private readonly importer: DirectoryImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<DirectoryImportJob>(QueueName.DirectoryImport, this.config, (job) => this.run(job), { concurrency: 1 });
    this.worker.on('failed', (job, error) => this.logger.error(`directory import ${job?.id} stopped: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async run(job: Job<DirectoryImportJob>): Promise<DirectoryImportReport> {
    const every = Math.max(1, Math.ceil(job.data.total / PROGRESS_STEPS));
    let told = -1;
    // In order, one at a time; a progress Redis did not take is not worth stopping the file for.
    let telling = Promise.resolve();
    const tell = (progress: ImportProgress) => {
      if (progress.done !== progress.total && told >= 0 && progress.done - told < every) return;
      told = progress.done;
      telling = telling.then(() => job.updateProgress({ ...progress })).catch(() => undefined);
    };
    try {
      return await this.importer.import(principalOfImporter(job.data.importer), job.data.csv, tell);
    } finally {
      await telling;
      // The file has been read: the job keeps its report, not the (up to 4 MB) file, for as long as it is kept.
      await job.updateData({ ...job.data, csv: '' }).catch(() => undefined);
    }
  }
}
