import { KeyboardEvent, useEffect, useId, useState } from 'react';
import { useSession } from '../auth/AuthProvider';
import { GpChoice, choicesAtOffice, ownGpOffice, rankChoices, searchGps } from './gp-search';
import { useGpPickerTexts } from './gp-picker.texts';
import { ErrorMessage } from './StateViews';

const TYPING_PAUSE_MS = 200;

/** Enough typed to search: two characters (an HPR number is digits, and two narrow nothing much either). */
function searchable(text: string): boolean {
  return text.trim().length >= 2;
}

/**
 * Chooses who should have a task instead (a GP forwarding it, the hospital re-assigning it): one search box
 * for a GP's name, HPR number or office, listing GPs and offices' shared lists as the user types, their own
 * office first (and, before anything is typed, their own office's GPs). A combobox as WAI-ARIA describes it:
 * arrows move through the list, Enter chooses, Escape closes. Calls `onChange` with `PractitionerRole/<id>`
 * or `Organization/<id>` (undefined until chosen, and again once the text is changed). `exclude`, the task's
 * current owner, is never offered.
 */
export function GpPicker({ onChange, exclude }: { onChange(reference: string | undefined): void; exclude?: string }) {
  const g = useGpPickerTexts();
  const session = useSession();
  const id = useId();
  const [own, setOwn] = useState<GpChoice>();
  const [ownChoices, setOwnChoices] = useState<GpChoice[]>([]);
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<GpChoice[]>();
  const [searching, setSearching] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<GpChoice>();
  const [error, setError] = useState<Error>();

  useEffect(() => {
    let current = true;
    ownGpOffice(session)
      .then(async (office) => {
        if (!office || !current) return;
        setOwn(office);
        const choices = await choicesAtOffice(office);
        if (current) setOwnChoices(choices);
      })
      .catch((failure: Error) => current && setError(failure));
    return () => {
      current = false;
    };
  }, [session]);

  useEffect(() => {
    setMatches(undefined);
    if (chosen || !searchable(text)) return;
    let current = true;
    setSearching(true);
    // One search when the typing pauses, not one per keystroke.
    const timer = setTimeout(() => {
      void searchGps(text)
        .then((found) => current && setMatches(found), (failure: Error) => current && setError(failure))
        .finally(() => current && setSearching(false));
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
      setSearching(false);
    };
  }, [text, chosen]);

  const typed = searchable(text) && !chosen;
  const options = rankChoices((typed ? (matches ?? []) : chosen ? [] : ownChoices).filter((choice) => choice.reference !== exclude), own?.reference);
  const expanded = open && options.length > 0;
  const labelOf = (choice: GpChoice) => (choice.kind === 'gp' ? g.gpAt(choice.name, choice.office.name) : g.officeListOf(choice.name));

  useEffect(() => setActive(-1), [matches, ownChoices]);

  const choose = (choice: GpChoice) => {
    setChosen(choice);
    setText(labelOf(choice));
    setOpen(false);
    setActive(-1);
    onChange(choice.reference);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && expanded) {
      // Enter chooses from the open list; it does not send the form around the picker.
      event.preventDefault();
      const choice = options[active] ?? (options.length === 1 ? options[0] : undefined);
      if (choice) choose(choice);
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
      } else if (text) {
        event.preventDefault();
        setText('');
        setChosen(undefined);
        onChange(undefined);
      }
    }
  };

  let status = '';
  if (chosen) status = g.chosen(labelOf(chosen));
  else if (typed && (searching || !matches)) status = g.searching;
  else if (typed) status = options.length ? g.matches(options.length) : g.noMatches;
  else if (open && !ownChoices.length) status = g.typeMore;

  if (error) return <ErrorMessage error={error} />;
  return (
    <div className="gp-picker">
      <label htmlFor={`${id}-input`}>{g.label}</label>
      <p className="hint" id={`${id}-hint`}>
        {g.hint}
      </p>
      <div className="combobox">
        <input
          id={`${id}-input`}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-listbox`}
          aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            if (chosen) {
              setChosen(undefined);
              onChange(undefined);
            }
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <ul id={`${id}-listbox`} role="listbox" aria-label={g.label} className="combobox-options" hidden={!expanded}>
          {options.map((choice, index) => (
            <li
              key={choice.reference}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              // Chosen on press, before the input loses focus and closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(choice);
              }}
            >
              {labelOf(choice)}
              {choice.office.reference === own?.reference && <span className="hint"> ({g.ownOffice})</span>}
            </li>
          ))}
        </ul>
      </div>
      {typed && !searching && matches && options.length === 0 && <p className="hint">{g.noMatches}</p>}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
