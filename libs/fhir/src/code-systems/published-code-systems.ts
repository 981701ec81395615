import { Resource } from '../fhir-types';
import { MESSAGE_EVENTS, MESSAGE_EVENT_SYSTEM } from '../messaging/message-events';
import { CONTEST_REASONS, CONTEST_REASON_SYSTEM } from '../transfers/contest-reason';
import { TASK_CATEGORIES, TASK_CATEGORY_SYSTEM } from '../transfers/task-category';
import { TASK_KINDS, TASK_KIND_SYSTEM } from '../workflows/task-kind';

interface Concept {
  code: string;
  display: string;
  definition: string;
  displayEn?: string;
}

function codeSystem(id: string, url: string, name: string, title: string, description: string, concepts: Concept[]): Resource {
  return {
    resourceType: 'CodeSystem',
    id,
    url,
    version: '1',
    name,
    title,
    status: 'active',
    experimental: false,
    publisher: 'Bro',
    description,
    caseSensitive: true,
    content: 'complete',
    count: concepts.length,
    concept: concepts.map(({ code, display, definition, displayEn }) => ({
      code,
      display,
      definition,
      ...(displayEn ? { designation: [{ language: 'en', value: displayEn }] } : {}),
    })),
  };
}

/** The CodeSystems Bro defines, served read-only at /fhir/R4/CodeSystem so senders can validate against them. */
export const PUBLISHED_CODE_SYSTEMS: Resource[] = [
  codeSystem(
    'task-kind',
    TASK_KIND_SYSTEM,
    'BroTaskKind',
    'Oppgavetyper',
    "Which workflow a Task belongs to (a coding of Task.code): each workflow's rules, notifications and figures take only their own kind.",
    Object.entries(TASK_KINDS).map(([code, kind]) => ({ code, ...kind })),
  ),
  codeSystem(
    'task-category',
    TASK_CATEGORY_SYSTEM,
    'BroTaskCategory',
    'Kategorier for oppgaveoverføring',
    'Categories of tasks transferred from hospital to GP at discharge (Task.businessStatus).',
    Object.values(TASK_CATEGORIES),
  ),
  codeSystem(
    'contest-reason',
    CONTEST_REASON_SYSTEM,
    'BroContestReason',
    'Årsaker til bestridt oppgave',
    'Why a GP contests a transferred task (Task.statusReason).',
    Object.entries(CONTEST_REASONS).map(([code, reason]) => ({ code, ...reason })),
  ),
  codeSystem(
    'message-event',
    MESSAGE_EVENT_SYSTEM,
    'BroMessageEvent',
    'Meldingshendelser',
    'FHIR messaging events Bro processes at $process-message (MessageHeader.eventCoding).',
    Object.entries(MESSAGE_EVENTS).map(([code, event]) => ({ code, ...event })),
  ),
];
