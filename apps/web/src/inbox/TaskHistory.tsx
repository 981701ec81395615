import { TaskDetails } from '../api/types';
import { useQuestionLoopTexts } from './question-loop.texts';
import { useLanguage } from '../i18n/LanguageProvider';
import { contestReasonLabel } from '../i18n/labels';
import { formatDateTime } from '../i18n/format';

type HistoryLine =
  | { kind: 'status'; at: string; from: string | null; to: string; by: string | null; reason: string | null }
  | { kind: 'question' | 'answer'; at: string; text: string; by?: string; id: string };

/** Status changes, questions and answers in the order they happened (a question follows the hold it made, an answer precedes the resume it made). */
function linesOf(details: TaskDetails): HistoryLine[] {
  const lines: HistoryLine[] = [
    ...details.history.map((step) => ({ kind: 'status' as const, ...step })),
    ...(details.conversation ?? []).map((entry) => ({ kind: entry.message, at: entry.at, text: entry.text, by: entry.by, id: entry.id })),
  ];
  return lines.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A task's history as both sides see it: who moved it where and when, and what the GP asked and the hospital answered. */
export function TaskHistory({ details, testId }: { details: TaskDetails; testId?: string }) {
  const { t, language } = useLanguage();
  const { qt } = useQuestionLoopTexts();
  return (
    <ol className="history" data-testid={testId}>
      {linesOf(details).map((line, index) => (
        <li key={index} className={`history-${line.kind}`}>
          <time dateTime={line.at}>{formatDateTime(line.at, language)}</time>{' '}
          {line.kind === 'status' ? (
            <>
              {line.from ? `${t.status[line.from] ?? line.from} → ` : ''}
              {t.status[line.to] ?? line.to}
              {line.reason ? ` (${contestReasonLabel(line.reason, language)})` : ''}
              {line.by ? <span className="hint"> · {t.roles[line.by] ?? line.by}</span> : null}
            </>
          ) : (
            <>
              <strong>{line.kind === 'question' ? qt.question : qt.reply}</strong>
              {line.by ? <span className="hint"> {qt.by(line.by)}</span> : null}
              <q className="history-text">{line.text}</q>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
