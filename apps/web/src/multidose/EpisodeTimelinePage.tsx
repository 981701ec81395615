import { useState } from 'react';
import type { MultidoseEpisodeView, MultidoseTimelineEntry } from '@app/fhir/multidose/multidose-patient-answers';
import { ApiError } from '../api/api-error';
import { useApi } from '../api/use-api';
import { ActionMessage, ActionMessageValue } from '../components/ActionMessage';
import { EmptyState, ErrorMessage, Loading } from '../components/StateViews';
import { formatDate, formatDateTime } from '../i18n/format';
import { Link } from '../routing/router';
import { episodePath, recordCompleteList } from './multidose-api';
import { MultidoseTexts, useMultidoseTexts } from './multidose.texts';

function entryText(entry: MultidoseTimelineEntry, md: MultidoseTexts, language: 'nb' | 'en'): string {
  if (entry.kind === 'state') return md.stateChange(entry.from && md.state[entry.from], md.state[entry.to] ?? entry.to);
  const details = [entry.deregistration ? md.deregistration : undefined, entry.packedFromList ? md.packedFromList(formatDate(entry.packedFromList, language)) : undefined].filter(Boolean);
  return `${md.message[entry.message] ?? entry.message}${details.length ? ` (${details.join(', ')})` : ''}`;
}

/** A patient's multidose episode: what it is now, and its timeline of state changes and e-prescription events. */
export function EpisodeTimelinePage({ patientId }: { patientId: string }) {
  const { md, language } = useMultidoseTexts();
  const episode = useApi<MultidoseEpisodeView>(episodePath(patientId));
  const [message, setMessage] = useState<ActionMessageValue>();
  const [busy, setBusy] = useState(false);
  const view = episode.data;
  const notFound = episode.error instanceof ApiError && episode.error.status === 404;

  const record = async (current: MultidoseEpisodeView) => {
    setBusy(true);
    let outcome: ActionMessageValue;
    try {
      await recordCompleteList(patientId, current.episodeVersion);
      outcome = { tone: 'info', text: md.recordedHere };
    } catch (error) {
      outcome = { tone: 'error', text: error instanceof ApiError && error.status === 412 ? md.stale : (error as Error).message };
    }
    await episode.reload();
    setBusy(false);
    setMessage(outcome);
  };

  return (
    <section className="page multidose-episode">
      <header className="page-header">
        <Link to="/multidose/patients">← {md.back}</Link>
        <h1>{md.timelineTitle}</h1>
        <p className="lead">{md.timelineLead}</p>
      </header>
      <ActionMessage message={message} />
      {episode.loading && !view && <Loading />}
      {notFound && <EmptyState>{md.noEpisode}</EmptyState>}
      {episode.error && !notFound && <ErrorMessage error={episode.error} onRetry={episode.reload} />}
      {view && (
        <>
          <dl className="multidose-facts">
            <dt>{md.facts.state}</dt>
            <dd>
              <span className={`multidose-badge${view.state === 'change-pending' || view.update ? ' pending' : ''}`} data-testid="episode-state">
                {md.state[view.state] ?? view.state}
              </span>
              {view.deviation && <span className="tag alert">{md.deviation}</span>}
            </dd>
            <dt>{md.facts.mode}</dt>
            <dd>{view.mode ? md.mode[view.mode] ?? view.mode : md.noDue}</dd>
            <dt>{md.facts.pharmacy}</dt>
            <dd>{view.pharmacy?.display ?? view.pharmacy?.herId ?? md.noDue}</dd>
            <dt>{md.facts.doctor}</dt>
            <dd>{view.careManager?.display ?? view.careManager?.hpr ?? md.noDue}</dd>
            <dt>{md.facts.lastList}</dt>
            <dd>{view.lastCompleteList ? formatDateTime(view.lastCompleteList, language) : md.noDue}</dd>
            {view.update && (
              <>
                <dt>{md.facts.update}</dt>
                <dd className={view.update.overdue ? 'overdue-date' : undefined}>
                  {formatDate(view.update.due, language)}
                  {view.update.overdue && <span className="tag alert">{md.overdue}</span>}
                </dd>
              </>
            )}
          </dl>
          {(view.state === 'change-pending' || view.update) && (
            <div className="notice warning">
              <p>{md.listNeeded}</p>
              <button type="button" className="primary" disabled={busy} onClick={() => record(view)}>
                {busy ? md.recording : md.recordList}
              </button>
            </div>
          )}
          <section aria-labelledby="multidose-timeline-title">
            <h2 id="multidose-timeline-title">{md.timelineTitle}</h2>
            {view.timeline.length === 0 ? (
              <EmptyState>{md.timelineEmpty}</EmptyState>
            ) : (
              <ol className="multidose-timeline" data-testid="multidose-timeline">
                {view.timeline.map((entry) => (
                  <li key={entry.kind === 'state' ? `v${entry.version}` : `m${entry.id}`} className={`timeline-${entry.kind}`}>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time> {entryText(entry, md, language)}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </section>
  );
}
