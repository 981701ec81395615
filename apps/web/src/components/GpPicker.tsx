import { useEffect, useId, useState } from 'react';
import { DirectoryChoice, gpOffices, gpsAt } from '../api/directory';
import { useLanguage } from '../i18n/LanguageProvider';
import { ErrorMessage } from './StateViews';

/**
 * Chooses who should have a task instead: a GP office, then one of its GPs or the office's shared
 * list. Calls `onChange` with `PractitionerRole/<id>` or `Organization/<id>` (undefined until chosen).
 */
export function GpPicker({ onChange, exclude }: { onChange(reference: string | undefined): void; exclude?: string }) {
  const { t } = useLanguage();
  const id = useId();
  const [offices, setOffices] = useState<DirectoryChoice[]>();
  const [office, setOffice] = useState('');
  const [gps, setGps] = useState<DirectoryChoice[]>();
  const [recipient, setRecipient] = useState('');
  const [error, setError] = useState<Error>();

  useEffect(() => {
    gpOffices().then(setOffices, setError);
  }, []);

  useEffect(() => {
    setGps(undefined);
    setRecipient(office);
    onChange(office || undefined);
    if (office) gpsAt(office).then(setGps, setError);
    // Only a new office resets the choice; the parent's onChange is not a reason to.
  }, [office]);

  if (error) return <ErrorMessage error={error} />;
  return (
    <div className="gp-picker">
      <label htmlFor={`${id}-office`}>{t.gpPicker.office}</label>
      <select id={`${id}-office`} value={office} onChange={(event) => setOffice(event.target.value)} disabled={!offices}>
        <option value="">{offices ? t.gpPicker.chooseOffice : t.common.loading}</option>
        {offices?.map((choice) => (
          <option key={choice.reference} value={choice.reference}>
            {choice.name}
          </option>
        ))}
      </select>
      {office && (
        <>
          <label htmlFor={`${id}-gp`}>{t.gpPicker.gp}</label>
          <select
            id={`${id}-gp`}
            value={recipient}
            disabled={!gps}
            onChange={(event) => {
              setRecipient(event.target.value);
              onChange(event.target.value || undefined);
            }}
          >
            <option value={office}>{gps ? t.gpPicker.officeList : t.gpPicker.loading}</option>
            {gps
              ?.filter((gp) => gp.reference !== exclude)
              .map((gp) => (
                <option key={gp.reference} value={gp.reference}>
                  {gp.name}
                </option>
              ))}
          </select>
        </>
      )}
    </div>
  );
}
