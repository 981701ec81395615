import type { HandoverRecipientAnswer } from '@app/fhir/api/handover-recipient-answers';
import { useEffect, useState } from 'react';
import { apiRequest } from '../api/api-client';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate } from '../i18n/format';
import { useHandoverFormTexts } from './handover-form.texts';

export type RecipientLookup = { state: 'idle' } | { state: 'loading' } | { state: 'failed' } | { state: 'found'; answer: HandoverRecipientAnswer };

/**
 * Once the number is a valid fødselsnummer or D-nummer: who the patient is in Bro and whose inbox the tasks
 * will reach, asked of the API (which applies the access policy and audits it). The number goes in the body,
 * never the address.
 */
export function useHandoverRecipient(personNumber: string | undefined): RecipientLookup {
  const [lookup, setLookup] = useState<RecipientLookup>({ state: 'idle' });
  useEffect(() => {
    if (!personNumber) {
      setLookup({ state: 'idle' });
      return;
    }
    let current = true;
    setLookup({ state: 'loading' });
    apiRequest<HandoverRecipientAnswer>('/api/handovers/recipient', { method: 'POST', body: { personNumber } }).then(
      (answer) => current && setLookup({ state: 'found', answer }),
      () => current && setLookup({ state: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, [personNumber]);
  return lookup;
}

/** The look-up's answer under the number: the patient's name and birth date, and where the tasks go. */
export function HandoverRecipientPreview({ lookup }: { lookup: RecipientLookup }) {
  const h = useHandoverFormTexts();
  const { language } = useLanguage();
  // The live region is always there, so what it comes to say is read out.
  let content;
  if (lookup.state === 'idle') content = null;
  else if (lookup.state === 'loading') content = <p className="hint">{h.lookingUp}</p>;
  else if (lookup.state === 'failed') content = <p className="hint">{h.lookupFailed}</p>;
  else {
    const { patient, recipient } = lookup.answer;
    const where =
      recipient.kind === 'gp' ? h.goesToGp(recipient.name, recipient.office?.name) : recipient.kind === 'office' ? h.goesToOffice(recipient.name) : h.goesUnassigned;
    content = (
      <>
        {patient ? (
          <p>
            {h.patientKnown}: <strong data-testid="handover-patient-name">{patient.name ?? patient.id}</strong>
            {patient.birthDate ? `, ${h.born(formatDate(patient.birthDate, language))}` : ''}
          </p>
        ) : (
          <p>{h.patientUnknown}</p>
        )}
        <p data-testid="handover-recipient-gp">{where}</p>
      </>
    );
  }
  return (
    <div className={lookup.state === 'idle' ? 'handover-recipient' : 'notice handover-recipient'} role="status" aria-live="polite" data-testid="handover-recipient">
      {content}
    </div>
  );
}
