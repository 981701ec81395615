import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import type { DirectoryImportStatus } from '@app/fhir/api/directory-import-answers';
import { Principal } from '../../auth/principal';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { DomainError } from '../../common/errors/domain-error';
import { Job, ProducerQueues, Queue } from '../../queues/bullmq.adapter';
import { DIRECTORY_IMPORT_KEPT_SECONDS, DirectoryImportJob, importerOf } from './directory-import.job';
import { directoryImportStatus } from './directory-import.status';

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const redisAway = () => DomainError.of(503, 'transient', 'directory imports are unavailable for the moment (the job queue); try again shortly');

/**
 * The API's side of the import jobs: a file accepted is one job for the worker, and its status is read back
 * from the job. The producer fails fast while Redis is away (503), so a request never hangs on it.
 */
@Injectable()
export class DirectoryImportQueue implements OnModuleDestroy {
  private readonly producer: ProducerQueues;
  private readonly queue: Queue<DirectoryImportJob>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.producer = new ProducerQueues(config);
    this.queue = this.producer.open<DirectoryImportJob>(QueueName.DirectoryImport);
  }

  onModuleDestroy(): Promise<void> {
    return this.producer.close();
  }

  async enqueue(principal: Principal, csv: string, total: number): Promise<DirectoryImportStatus> {
    const id = randomUUID();
    try {
      // One attempt: a fault that stops a file is reported, and sending it again finishes it (a re-load writes only what is missing).
      const job = await this.queue.add('registry-file', { importer: importerOf(principal), csv, total }, {
        jobId: id,
        attempts: 1,
        removeOnComplete: { age: DIRECTORY_IMPORT_KEPT_SECONDS },
        removeOnFail: { age: DIRECTORY_IMPORT_KEPT_SECONDS },
      });
      return directoryImportStatus(job, 'waiting');
    } catch {
      throw redisAway();
    }
  }

  /** The import as its owner (or any administrator) sees it; 404 for anyone else, as for an id never given out. */
  async status(principal: Principal, id: string): Promise<DirectoryImportStatus> {
    const notFound = DomainError.notFound(`no directory import ${id.slice(0, 64)} of yours (finished ones are kept ${DIRECTORY_IMPORT_KEPT_SECONDS / 86_400} days)`);
    if (!JOB_ID.test(id)) throw notFound;
    let job: Job<DirectoryImportJob> | undefined;
    let state: string;
    try {
      // The state first: a job that finishes between the two reads is told as running, never as done without its report.
      state = await this.queue.getJobState(id);
      job = await this.queue.getJob(id);
    } catch {
      throw redisAway();
    }
    if (!job || (principal.role !== 'admin' && (job.data.importer.subject !== principal.subject || job.data.importer.clientId !== principal.clientId))) throw notFound;
    return directoryImportStatus(job, state);
  }
}
