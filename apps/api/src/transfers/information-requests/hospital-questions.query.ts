import { Injectable } from '@nestjs/common';
import { Resource, TASK_CATEGORIES, TERMINAL_TASK_STATUSES, isAwaitingInformation } from '@app/fhir';
import { HospitalQuestion, HospitalQuestionList } from '@app/fhir/api/api-answers';
import { AccessPolicy } from '../../access/access-policy';
import { AuditEntry } from '../../audit/audit-trail.service';
import { Database } from '../../database/sql-client';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { categoryOf } from '../task-fields';
import { ANSWER_TOKEN, QUESTION_TOKEN, conversationEntryOf } from './task-conversation.query';

/** Which of the unit's questions: those waiting for an answer, or those it answered lately. */
export type QuestionState = 'open' | 'answered';

const MAX_QUESTIONS = 100;
/** How far back "answered lately" reaches. */
const ANSWERED_DAYS = 30;
const MAX_ANSWERED = 20;

function patientName(name: unknown): string | undefined {
  const first = Array.isArray(name) ? (name[0] as { given?: string[]; family?: string; text?: string }) : undefined;
  if (!first) return undefined;
  return first.text ?? [...(first.given ?? []), first.family].filter(Boolean).join(' ');
}

/** Audit entries for a list: the caller saw each question, its task and its patient. */
export function hospitalQuestionsAudit(list: HospitalQuestionList): AuditEntry[] {
  return list.questions.flatMap((item) => {
    const patient = item.patient && `Patient/${item.patient.id}`;
    const query = 'api/questions';
    return [
      { subtype: 'search-type' as const, entity: { type: 'Communication', id: item.question.id }, patient, query },
      { subtype: 'search-type' as const, entity: { type: 'Task', id: item.task.id, version: item.task.version }, patient, query },
      ...(item.answer ? [{ subtype: 'search-type' as const, entity: { type: 'Communication', id: item.answer.id }, patient, query }] : []),
    ];
  });
}

/**
 * The GPs' questions about the caller's unit's transferred tasks ("Spørsmål fra fastlege"): only tasks the
 * unit handed over (Task.requester is one it acts for), questions sent to it, and within what the access
 * policy lets the caller see of Communications. Open: not answered, the task still open. One query.
 */
@Injectable()
export class HospitalQuestionsQuery {
  constructor(private readonly database: Database) {}

  async list(caller: AccessPolicy, state: QuestionState, now = new Date()): Promise<HospitalQuestionList> {
    const params = new SqlParams();
    const refs = `${params.add([...caller.scope.actsFor])}::text[]`;
    const answerOfQuestion = `SELECT a.resource FROM fhir_communication a
        WHERE a.sp_based_on && ARRAY['Task/' || t.id] AND a.sp_category && ARRAY[${params.add(ANSWER_TOKEN)}::text]
          AND a.resource->'inResponseTo' @> jsonb_build_array(jsonb_build_object('reference', 'Communication/' || q.id))
        ORDER BY a.last_updated LIMIT 1`;
    const stateCondition =
      state === 'open'
        ? `answer.resource IS NULL AND NOT (t.sp_status = ANY(${params.add(TERMINAL_TASK_STATUSES)}::text[]))`
        : `answer.resource IS NOT NULL AND (answer.resource->>'sent')::timestamptz >= ${params.add(new Date(now.getTime() - ANSWERED_DAYS * 86_400_000).toISOString())}::timestamptz`;
    const questions = `SELECT id, resource, sp_based_on, sp_sent_start FROM fhir_communication
        WHERE sp_category && ARRAY[${params.add(QUESTION_TOKEN)}::text] AND sp_recipient && ${refs} AND ${caller.visibleSql('Communication', params)}`;
    const { rows } = await this.database.query<{ question: Resource; task: Resource; answer: Resource | null; patient_id: string | null; patient_name: unknown; birth_date: string | null }>(
      `SELECT q.resource AS question, t.resource AS task, answer.resource AS answer,
              p.id AS patient_id, p.resource->'name' AS patient_name, p.resource->>'birthDate' AS birth_date
         FROM (${questions}) q
         CROSS JOIN LATERAL unnest(q.sp_based_on) AS based(ref)
         JOIN fhir_task t ON based.ref LIKE 'Task/%' AND t.id = substr(based.ref, 6)
         LEFT JOIN LATERAL (${answerOfQuestion}) answer ON TRUE
         LEFT JOIN fhir_patient p ON t.sp_subject LIKE 'Patient/%' AND p.id = substr(t.sp_subject, 9)
        WHERE t.sp_requester = ANY(${refs}) AND ${stateCondition}
        ORDER BY ${state === 'open' ? 'q.sp_sent_start ASC' : 'q.sp_sent_start DESC'}, q.id
        LIMIT ${params.add(state === 'open' ? MAX_QUESTIONS : MAX_ANSWERED)}`,
      params.values,
    );
    return { questions: rows.map((row) => this.toQuestion(row)) };
  }

  private toQuestion(row: { question: Resource; task: Resource; answer: Resource | null; patient_id: string | null; patient_name: unknown; birth_date: string | null }): HospitalQuestion {
    const category = categoryOf(row.task);
    return {
      question: conversationEntryOf(row.question),
      task: {
        id: row.task.id!,
        version: Number(row.task.meta?.versionId),
        status: String(row.task.status),
        ...(category ? { category: { code: category, display: TASK_CATEGORIES[category].display } } : {}),
        ...(typeof row.task.description === 'string' ? { description: row.task.description } : {}),
        awaitingInformation: isAwaitingInformation(row.task),
      },
      ...(row.patient_id ? { patient: { id: row.patient_id, name: patientName(row.patient_name), birthDate: row.birth_date ?? undefined } } : {}),
      ...(row.answer ? { answer: conversationEntryOf(row.answer) } : {}),
    };
  }
}
