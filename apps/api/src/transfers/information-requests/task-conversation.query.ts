import { Injectable } from '@nestjs/common';
import {
  COMMUNICATION_CATEGORY_SYSTEM,
  InformationMessage,
  Resource,
  informationMessageOf,
  informationTextOf,
  questionAnsweredBy,
} from '@app/fhir';
import { ConversationEntry } from '@app/fhir/api/api-answers';
import { Database, SqlClient } from '../../database/sql-client';

/** `Communication.category` of a question and of an answer, as the category column holds them. */
export const QUESTION_TOKEN = `sv:${COMMUNICATION_CATEGORY_SYSTEM}|${InformationMessage.Question}`;
export const ANSWER_TOKEN = `sv:${COMMUNICATION_CATEGORY_SYSTEM}|${InformationMessage.Answer}`;

/** The answer (`Communication/<id>`) already given to a question about a task, if any: by the task's index, then the link. */
export async function answerOf(client: SqlClient, task: string, question: string): Promise<string | undefined> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM fhir_communication
      WHERE sp_based_on && ARRAY[$1::text] AND sp_category && ARRAY[$2::text] AND resource->'inResponseTo' @> $3::jsonb
      LIMIT 1`,
    [task, ANSWER_TOKEN, JSON.stringify([{ reference: question }])],
  );
  return rows[0] && `Communication/${rows[0].id}`;
}

/** A stored question or answer as a line of the task's history. */
export function conversationEntryOf(communication: Resource): ConversationEntry {
  const sender = communication.sender as { reference?: string; display?: string } | undefined;
  const answers = questionAnsweredBy(communication);
  return {
    id: communication.id!,
    message: informationMessageOf(communication) === InformationMessage.Answer ? 'answer' : 'question',
    text: informationTextOf(communication) ?? '',
    at: String(communication.sent ?? communication.meta?.lastUpdated),
    ...(sender?.display || sender?.reference ? { by: sender.display ?? sender.reference } : {}),
    ...(answers ? { answers: answers.slice('Communication/'.length) } : {}),
  };
}

/**
 * The questions a task's GP asked the hospital and the hospital's answers, oldest first: what the task's
 * history shows beside its status changes. Whoever asks has been found a party to the task.
 */
@Injectable()
export class TaskConversationQuery {
  constructor(private readonly database: Database) {}

  async conversationOf(taskId: string): Promise<ConversationEntry[]> {
    const { rows } = await this.database.query<{ resource: Resource }>(
      `SELECT resource FROM fhir_communication
        WHERE sp_based_on && ARRAY[$1::text] AND sp_category && $2::text[]
        ORDER BY sp_sent_start NULLS LAST, last_updated, id`,
      [`Task/${taskId}`, [QUESTION_TOKEN, ANSWER_TOKEN]],
    );
    return rows.map((row) => conversationEntryOf(row.resource));
  }
}
