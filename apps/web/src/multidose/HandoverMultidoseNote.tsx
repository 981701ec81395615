import { useEffect, useState } from 'react';
import type { MultidoseBadge as Badge } from '@app/fhir/multidose/multidose-patient-answers';
import { apiRequest } from '../api/api-client';
import { fetchBadges } from './multidose-api';
import { MultidoseBadge } from './MultidoseBadge';
import { useMultidoseTexts } from './multidose.texts';

interface PatientBundle {
  entry?: Array<{ resource?: { resourceType?: string; id?: string } }>;
}

/**
 * In the hand-over form, once the person number is a valid one: whether the patient is on multidose, so the
 * discharge letter mentions it. The patient is looked up as the coordinator may see them (FHIR search by
 * identifier) and the badge asked for once; a patient the unit cannot see, or without multidose, shows nothing.
 */
export function HandoverMultidoseNote({ system, value }: { system: string | undefined; value: string }) {
  const { md } = useMultidoseTexts();
  const [badge, setBadge] = useState<Badge>();

  useEffect(() => {
    setBadge(undefined);
    if (!system) return;
    let current = true;
    (async () => {
      const bundle = await apiRequest<PatientBundle>(`/fhir/R4/Patient?identifier=${encodeURIComponent(`${system}|${value}`)}&_count=2`);
      const ids = (bundle.entry ?? []).flatMap((entry) => (entry.resource?.resourceType === 'Patient' && entry.resource.id ? [entry.resource.id] : []));
      if (ids.length !== 1 || !current) return;
      const { badges } = await fetchBadges(ids);
      if (current) setBadge(badges[ids[0]]);
    })().catch(() => undefined); // A note to help, not a step of the hand-over: without it the form works as before.
    return () => {
      current = false;
    };
  }, [system, value]);

  if (!badge) return null;
  return (
    <div className="notice warning multidose-note" role="status" data-testid="handover-multidose">
      <MultidoseBadge badge={badge} /> {md.handoverNote}
    </div>
  );
}
