import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate } from '../i18n/format';

export function PatientCell({ patient }: { patient?: { name?: string; birthDate?: string } }) {
  const { t, language } = useLanguage();
  return (
    <>
      <span className="patient-name">{patient?.name ?? t.common.patientUnknown}</span>
      {patient?.birthDate && (
        <span className="patient-born">
          {t.common.born} {formatDate(patient.birthDate, language)}
        </span>
      )}
    </>
  );
}
