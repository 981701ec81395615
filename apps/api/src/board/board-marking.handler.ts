import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic } from '@app/fhir';
import { ANY_RESOURCE_TYPE, OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxHandler } from '../outbox/outbox-handler';
import { OutboxRow } from '../outbox/outbox-row';
import { AfterCommit, OwedByBatch } from '../outbox/owed-by-batch';
import { BoardChanges } from './board-changes';

/**
 * Marks the boards a batch of changes moves, for the publisher's next frame, once the batch has
 * committed and people and systems have been served: boards get a frame a second at most.
 */
@Injectable()
export class BoardMarkingHandler implements OutboxHandler, OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlerRegistry,
    private readonly boards: BoardChanges,
  ) {}

  onModuleInit(): void {
    this.handlers.register(ANY_RESOURCE_TYPE, OutboxTopic.ResourceChanged, this);
  }

  async handle(events: OutboxRow[], owed: OwedByBatch): Promise<void> {
    owed.add({ after: AfterCommit.Last, committed: () => this.boards.onEvents(events) });
  }
}
