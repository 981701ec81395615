import { KeyboardEvent, useRef } from 'react';
import type { CaseList } from '../referral-api';
import { useReferralTexts } from '../referral.texts';
import { CASE_LISTS } from './triage-links';

/** Open, mine, closed: ARIA tabs (arrow keys move between them, as a screen reader user expects of tabs). */
export function QueueTabs({ current, panelId, onChange }: { current: CaseList; panelId: string; onChange(list: CaseList): void }) {
  const { r } = useReferralTexts();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const move = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + CASE_LISTS.length) % CASE_LISTS.length;
    tabs.current[next]?.focus();
    onChange(CASE_LISTS[next]);
  };
  return (
    <div className="queue-tabs" role="tablist" aria-label={r.tabsLabel}>
      {CASE_LISTS.map((list, index) => (
        <button
          key={list}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`tab-${list}`}
          aria-selected={list === current}
          aria-controls={panelId}
          tabIndex={list === current ? 0 : -1}
          onClick={() => onChange(list)}
          onKeyDown={(event) => move(event, index)}
        >
          {r.tabs[list]}
        </button>
      ))}
    </div>
  );
}
