import type { PatientSummary } from '@app/fhir/api/referral-answers';
import { useId, useState } from 'react';
import { ErrorMessage } from '../components/StateViews';
import { formatDate } from '../i18n/format';
import { searchOwnPatients } from './patient-search';
import { useReferralTexts } from './referral.texts';

/**
 * Finds one of the GP's patients by name or fødselsnummer and lets them choose among the matches.
 * Calls `onChange` with the Patient id (undefined until chosen, and again after a new search).
 */
export function PatientPicker({ onChange }: { onChange(patientId: string | undefined): void }) {
  const { r, language } = useReferralTexts();
  const id = useId();
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<PatientSummary[]>();
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const choose = (patientId: string) => {
    setChosen(patientId);
    onChange(patientId || undefined);
  };

  const search = async (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    if (text.trim().length < 2) return;
    setBusy(true);
    setError(undefined);
    choose('');
    try {
      const found = await searchOwnPatients(text);
      setMatches(found);
      if (found.length === 1) choose(found[0].id);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="patient-picker">
      <label htmlFor={`${id}-search`}>{r.findPatient}</label>
      <p className="hint" id={`${id}-hint`}>
        {r.findPatientHint}
      </p>
      <div className="field-row">
        <input
          id={`${id}-search`}
          type="search"
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          // The picker sits inside the referral form: Enter searches instead of sending the referral.
          onKeyDown={(e) => {
            if (e.key === 'Enter') void search(e);
          }}
          autoComplete="off"
        />
        <button type="button" onClick={() => void search()} disabled={busy || text.trim().length < 2}>
          {busy ? r.searching : r.search}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {matches ? r.patientsFound(matches.length) : ''}
      </p>
      {error && <ErrorMessage error={error} />}
      {matches?.length === 0 && <p className="hint">{r.noPatientsFound}</p>}
      {matches && matches.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-patient`}>{r.patient}</label>
          <select id={`${id}-patient`} required value={chosen} onChange={(e) => choose(e.target.value)}>
            <option value="">{r.choosePatient}</option>
            {matches.map((patient) => (
              <option key={patient.id} value={patient.id}>
                {[patient.name ?? patient.id, patient.birthDate ? formatDate(patient.birthDate, language) : undefined].filter(Boolean).join(', ')}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
