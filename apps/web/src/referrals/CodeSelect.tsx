import { choicesOf } from './referral-labels';
import { useReferralTexts } from './referral.texts';

/** A labelled choice from one of the workflow's code tables, in the user's language (`withCode` shows the code too, as Volven answers are known by number). */
export function CodeSelect({ id, label, placeholder, table, value, onChange, withCode = false, describedBy }: {
  id: string;
  label: string;
  placeholder: string;
  table: Record<string, { display: string; displayEn: string }>;
  value: string;
  onChange(code: string): void;
  withCode?: boolean;
  describedBy?: string;
}) {
  const { language } = useReferralTexts();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} required value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={describedBy}>
        <option value="">{placeholder}</option>
        {choicesOf(table, language).map((choice) => (
          <option key={choice.code} value={choice.code}>
            {withCode ? `${choice.code} – ${choice.label}` : choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
