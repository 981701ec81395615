/** A free-text field with its label and a hint read out with it. */
export function HintedTextarea({ id, label, hint, value, onChange, required = false, rows = 2, maxLength = 2000 }: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange(text: string): void;
  required?: boolean;
  rows?: number;
  maxLength?: number;
}) {
  return (
    <div className="field wide">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea id={id} aria-describedby={`${id}-hint`} value={value} onChange={(event) => onChange(event.target.value)} required={required} maxLength={maxLength} rows={rows} />
    </div>
  );
}
