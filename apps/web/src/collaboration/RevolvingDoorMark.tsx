import type { RevolvingDoorMark as Mark } from '@app/fhir/api/revolving-door-answers';
import { useDirectoryTexts } from './directory.texts';

/** "Svingdørspasient": the patient (67 or more) came back acutely within 30 days of a discharge; the title says so in full. */
export function RevolvingDoorMark({ mark }: { mark: Mark | undefined }) {
  const { dt } = useDirectoryTexts();
  if (!mark) return null;
  return (
    <span className="revolving-door-mark" data-testid="revolving-door-mark" data-flag={mark.flag} title={dt.revolvingDoorTitle}>
      {dt.revolvingDoor}
      <span className="visually-hidden">: {dt.revolvingDoorTitle}</span>
    </span>
  );
}
