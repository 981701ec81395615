import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { HandoverDetails } from '@app/fhir/api/api-answers';
import { AccessPolicy } from '../access/access-policy';
import { Database } from '../database/sql-client';
import { DomainError } from '../common/errors/domain-error';
import { SqlParams } from '../fhir/search/search-sql.builder';
import { osloDate } from '../common/calendar/oslo-calendar';
import { taskPartiesOf } from '../directory/task-parties';
import { HandoverListQuery } from './handover-list.query';
import { summarizeTask } from './task-summary';

/**
 * One hand-over as its coordinator opens it from the list: how it stands (the list's row), and each task it
 * handed over with its state, owner and what the unit may do with it. A hand-over of another unit, or one
 * that does not exist, is 404 alike; the tasks are read under the caller's access policy, in one query.
 */
@Injectable()
export class HandoverDetailsQuery {
  constructor(
    private readonly database: Database,
    private readonly handovers: HandoverListQuery,
  ) {}

  async details(caller: AccessPolicy, id: string): Promise<HandoverDetails> {
    const handover = await this.handovers.one(caller, id);
    if (!handover) throw DomainError.notFound(`hand-over ${id} is not among your unit's hand-overs`);
    const taskIds = await this.handovers.taskIdsOf(caller, id);
    const params = new SqlParams();
    const ids = params.add(taskIds);
    const { rows } = await this.database.query<{ resource: Resource }>(
      `SELECT t.resource FROM fhir_task t WHERE t.id = ANY(${ids}::text[]) AND ${caller.visibleSql('Task', params)}
        ORDER BY array_position(${ids}::text[], t.id)`,
      params.values,
    );
    const today = osloDate(new Date());
    const patient = { id: handover.patient.id, ...(handover.patient.name ? { name: handover.patient.name } : {}), ...(handover.patient.birthDate ? { birthDate: handover.patient.birthDate } : {}) };
    return {
      handover,
      tasks: rows.map((row) => summarizeTask(row.resource, today, taskPartiesOf(caller.scope, row.resource), patient)),
    };
  }
}
