import { FormEvent, useId, useState } from 'react';
import { HintedTextarea } from './HintedTextarea';
import { HospitalUnitPicker } from './HospitalUnitPicker';
import { PatientPicker } from './PatientPicker';
import { sendReferral } from './referral-api';
import { useReferralTexts } from './referral.texts';
import { useBusyAction } from './use-busy-action';

const MAX_REASON = 4000;

/**
 * "Ny henvisning": the patient, the hospital unit, what the GP wants assessed, whether it is urgent, and
 * whether the patient objects to the low-threshold service contacting them should the hospital say no.
 * Folded, so the list stays the page's main content; the form starts afresh after each referral.
 */
export function SendReferralForm({ onDone }: { onDone(error?: Error): Promise<void> }) {
  const { r } = useReferralTexts();
  const id = useId();
  const [round, setRound] = useState(0);
  return (
    <details className="panel send-referral">
      <summary>
        <h2 id={`${id}-title`}>{r.newReferral}</h2>
      </summary>
      <ReferralFields
        key={round}
        labelledBy={`${id}-title`}
        onDone={async (error) => {
          if (!error) setRound(round + 1);
          await onDone(error);
        }}
      />
    </details>
  );
}

function ReferralFields({ labelledBy, onDone }: { labelledBy: string; onDone(error?: Error): Promise<void> }) {
  const { r } = useReferralTexts();
  const id = useId();
  const [patientId, setPatientId] = useState<string>();
  const [unit, setUnit] = useState('');
  const [reason, setReason] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [objects, setObjects] = useState(false);
  const { busy, run } = useBusyAction(onDone);
  const ready = Boolean(patientId && unit && reason.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!ready || !patientId) return;
    void run(() =>
      sendReferral({ patientId, hospitalUnit: unit, reasonText: reason.trim(), priority: urgent ? 'urgent' : 'routine', patientObjectsToContact: objects }),
    );
  };

  return (
    <form className="plan-form referral-form" onSubmit={submit} aria-labelledby={labelledBy}>
      <PatientPicker onChange={setPatientId} />
      <HospitalUnitPicker id={`${id}-unit`} value={unit} onChange={setUnit} />
      <HintedTextarea id={`${id}-reason`} label={r.reasonText} hint={r.reasonTextHint} value={reason} onChange={setReason} required rows={5} maxLength={MAX_REASON} />
      <label className="choice">
        <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} /> {r.urgent}
      </label>
      <div>
        <label className="choice">
          <input type="checkbox" checked={objects} onChange={(e) => setObjects(e.target.checked)} aria-describedby={`${id}-objects-hint`} /> {r.objects}
        </label>
        <p className="hint" id={`${id}-objects-hint`}>
          {r.objectsHint}
        </p>
      </div>
      <button type="submit" className="primary" disabled={busy || !ready}>
        {r.sendReferral}
      </button>
    </form>
  );
}
