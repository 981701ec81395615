import type { ReceivingGp } from '@app/fhir/api/api-answers';
import { useHandoverTexts } from './handovers.texts';

/** Who received a hand-over's tasks: each GP with their office (or an office's shared list), or "no GP yet". */
export function ReceivingGps({ gps }: { gps: ReceivingGp[] }) {
  const { ht } = useHandoverTexts();
  if (gps.length === 0) return <span className="status status-no-gp">{ht.noGpYet}</span>;
  return (
    <span className="receiving-gps">
      {gps.map((gp, index) => (
        <span key={gp.reference} className="receiving-gp">
          {index > 0 && '; '}
          {gp.name ?? gp.reference}
          {gp.office && <span className="hint office"> ({gp.office})</span>}
        </span>
      ))}
    </span>
  );
}
