import { InputHTMLAttributes, useEffect, useId, useState } from 'react';
import { dateTimeText, dayText, parseDateTimeText, parseDayText } from './date-text';
import { useDateInputTexts } from './date-input.texts';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'min' | 'max' | 'step'> & {
  /** YYYY-MM-DD (with `withTime`, YYYY-MM-DDTHH:mm in local time), '' when empty, or the text as typed while it is no date yet. */
  value: string;
  onChange(value: string): void;
  /** A date and a time of day (24-hour clock) instead of a date. */
  withTime?: boolean;
};

/**
 * A date (or date and time) field written the Norwegian way, dd.mm.åååå and 24 hours, in every browser: the
 * browser's own date inputs follow its language, not the app's. The form gets the same values the browser's
 * input gave (see date-text.ts); while the text is no complete date yet it gets the text itself, so the form
 * can tell an empty field from one to correct. The format is said in the placeholder and to screen readers.
 */
export function DateInput({ value, onChange, withTime = false, onBlur, 'aria-describedby': describedBy, 'aria-invalid': invalid, ...rest }: Props) {
  const texts = useDateInputTexts();
  const hintId = useId();
  const parse = withTime ? parseDateTimeText : parseDayText;
  const show = withTime ? dateTimeText : dayText;
  const [text, setText] = useState(() => show(value));
  const [left, setLeft] = useState(false);

  // A value set from outside (a reset form, a default filled in) shows as dd.mm.åååå; one that came from
  // what was typed leaves the text alone.
  useEffect(() => {
    if (value !== (parse(text) ?? text.trim())) setText(show(value));
    // Only a new value is a reason to rewrite the text, not each keystroke.
  }, [value]);

  const unreadable = left && text.trim() !== '' && parse(text) === undefined;
  return (
    <>
      <input
        {...rest}
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={withTime ? texts.dateTimeFormat : texts.dayFormat}
        value={text}
        aria-invalid={invalid === true || invalid === 'true' || unreadable}
        aria-describedby={[describedBy, hintId].filter(Boolean).join(' ')}
        onChange={(event) => {
          setText(event.target.value);
          setLeft(false);
          onChange(parse(event.target.value) ?? event.target.value.trim());
        }}
        onBlur={(event) => {
          const parsed = parse(text);
          if (parsed) setText(show(parsed));
          setLeft(true);
          onBlur?.(event);
        }}
      />
      <span id={hintId} className="visually-hidden">
        {withTime ? texts.dateTimeHint : texts.dayHint}
      </span>
    </>
  );
}
