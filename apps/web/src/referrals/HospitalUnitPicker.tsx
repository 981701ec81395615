import { useEffect, useState } from 'react';
import { DirectoryChoice, hospitalUnits } from '../api/directory';
import { ErrorMessage } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { useReferralTexts } from './referral.texts';

/** The hospital unit a referral goes to, from the directory; `value` is `Organization/<id>` ('' until chosen). */
export function HospitalUnitPicker({ id, value, onChange }: { id: string; value: string; onChange(unit: string): void }) {
  const { r } = useReferralTexts();
  const { t } = useLanguage();
  const [units, setUnits] = useState<DirectoryChoice[]>();
  const [error, setError] = useState<Error>();

  useEffect(() => {
    hospitalUnits().then(setUnits, setError);
  }, []);

  if (error) return <ErrorMessage error={error} />;
  return (
    <div className="field">
      <label htmlFor={id}>{r.hospitalUnit}</label>
      <select id={id} required value={value} onChange={(event) => onChange(event.target.value)} disabled={!units}>
        <option value="">{units ? r.chooseUnit : t.common.loading}</option>
        {units?.map((unit) => (
          <option key={unit.reference} value={unit.reference}>
            {unit.name}
          </option>
        ))}
      </select>
    </div>
  );
}
