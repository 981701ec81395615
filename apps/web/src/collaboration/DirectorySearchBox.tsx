import { KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { DirectoryEntry } from '@app/fhir/api/directory-answers';
import { ErrorMessage } from '../components/StateViews';
import { DirectoryCard } from './DirectoryCard';
import { searchDirectory, searchable } from './directory-search-api';
import { useDirectoryTexts } from './directory.texts';

/** Keystrokes closer together than this are one search: a typist at 5–10 keys a second sends one request per pause. */
export const DEBOUNCE_MS = 180;

interface Results {
  query: string;
  entries: DirectoryEntry[];
  page: number;
  more: boolean;
}

/**
 * "Finn samarbeidspartner" in the header: results as you type (debounced; a request whose text is no longer
 * what is typed is aborted, so a slow answer never replaces a newer one), a card per entry with call and
 * message actions. Keyboard: arrow down from the box goes to the first card, arrows move between cards, Esc
 * closes and returns to the box.
 */
export function DirectorySearchBox() {
  const { dt } = useDirectoryTexts();
  const inputId = useId();
  const hintId = useId();
  const panelId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<Results>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [retry, setRetry] = useState(0);
  const controller = useRef<AbortController | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const query = text.trim();

  useEffect(() => {
    controller.current?.abort();
    if (!searchable(query)) {
      setResults(undefined);
      setBusy(false);
      setError(undefined);
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    setBusy(true);
    const timer = window.setTimeout(() => {
      searchDirectory(query, 1, abort.signal).then(
        (page) => {
          if (abort.signal.aborted) return;
          setResults({ query, entries: page.entries, page: page.page, more: page.more });
          setError(undefined);
          setBusy(false);
        },
        (failure: unknown) => {
          if (abort.signal.aborted) return;
          setError(failure instanceof Error ? failure : new Error(String(failure)));
          setBusy(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [query, retry]);

  // A click or focus outside the box and its results closes them; the typed text stays for the next look.
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('focusin', outside);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('focusin', outside);
    };
  }, [open]);

  const showMore = async () => {
    if (!results) return;
    const abort = new AbortController();
    controller.current?.abort();
    controller.current = abort;
    setBusy(true);
    try {
      const next = await searchDirectory(results.query, results.page + 1, abort.signal);
      if (abort.signal.aborted) return;
      setResults({ ...results, entries: [...results.entries, ...next.entries], page: next.page, more: next.more });
    } catch (failure) {
      if (!abort.signal.aborted) setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      if (!abort.signal.aborted) setBusy(false);
    }
  };

  const cards = (): HTMLElement[] => Array.from(panel.current?.querySelectorAll<HTMLElement>('.directory-card-focus') ?? []);

  const close = () => {
    setOpen(false);
    input.current?.focus();
  };

  const onInputKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      if (open) setOpen(false);
      else setText('');
      event.preventDefault();
    } else if (event.key === 'ArrowDown') {
      setOpen(true);
      const first = cards()[0];
      if (first) {
        first.focus();
        event.preventDefault();
      }
    }
  };

  const onPanelKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const all = cards();
    const at = all.findIndex((card) => card.contains(document.activeElement));
    if (at < 0) return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && at === 0) input.current?.focus();
    else all[Math.min(all.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  const current = results && results.query === query ? results : undefined;
  let status: string;
  if (query === '') status = dt.start;
  else if (!searchable(query)) status = dt.typeMore;
  else if (!current) status = dt.searching;
  else if (current.entries.length === 0) status = dt.noMatch(query);
  else status = dt.results(current.entries.length, current.more);
  const shown = current ?? (searchable(query) ? results : undefined);

  return (
    <div className="directory-search" ref={root} role="search" aria-label={dt.searchLabel}>
      <label htmlFor={inputId} className="visually-hidden">
        {dt.searchLabel}
      </label>
      <input
        id={inputId}
        ref={input}
        type="search"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        placeholder={dt.searchPlaceholder}
        value={text}
        aria-describedby={hintId}
        aria-controls={panelId}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        // Opened by a click or by typing, not by focus: Esc returns focus here with the results closed.
        onClick={() => setOpen(true)}
        onKeyDown={onInputKey}
      />
      <span id={hintId} className="visually-hidden">
        {dt.searchHint}
      </span>
      <div id={panelId} ref={panel} className="directory-results" hidden={!open} onKeyDown={onPanelKey} aria-label={dt.resultsTitle} role="region">
        <div className="directory-results-bar">
          <p className={`directory-status${current?.entries.length === 0 ? ' empty-state' : ''}`} role="status" aria-live="polite" data-testid="directory-status">
            {status}
            {busy && current && <span className="spinner" aria-hidden="true" />}
          </p>
          <button type="button" className="directory-close" onClick={close}>
            {dt.close}
          </button>
        </div>
        {error && <ErrorMessage error={error} onRetry={() => setRetry((n) => n + 1)} />}
        {shown && shown.entries.length > 0 && (
          <ul className="directory-list" aria-busy={busy}>
            {shown.entries.map((entry) => (
              <li key={entry.reference}>
                <DirectoryCardFocusable entry={entry} />
              </li>
            ))}
          </ul>
        )}
        {current?.more && (
          <button type="button" onClick={showMore} disabled={busy}>
            {dt.showMore}
          </button>
        )}
      </div>
    </div>
  );
}

/** A card the arrow keys can land on (tabindex -1: Tab still goes through its links and buttons, not the card). */
function DirectoryCardFocusable({ entry }: { entry: DirectoryEntry }) {
  return (
    <div className="directory-card-focus" tabIndex={-1} data-testid="directory-card-focus">
      <DirectoryCard entry={entry} />
    </div>
  );
}
