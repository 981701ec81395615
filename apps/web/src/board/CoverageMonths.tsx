import type { CoverageMonth } from '@app/fhir/multidose/multidose-board-panel';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatPercent } from '../i18n/format';

/** "2026-03" as "mar. 26" / "Mar 26". */
export function monthLabel(month: string, language: 'nb' | 'en', form: 'long' | 'short' | 'month' = 'short'): string {
  const date = new Date(`${month}-15T12:00:00Z`);
  const year = form === 'long' ? 'numeric' : form === 'short' ? '2-digit' : undefined;
  return new Intl.DateTimeFormat(language === 'nb' ? 'nb-NO' : 'en-GB', { month: form === 'long' ? 'long' : 'short', year, timeZone: 'Europe/Oslo' }).format(date);
}

/**
 * The monthly trend toward 100 % as bars, one per month (this one last), each labelled with its share: a
 * figure that reads the same to a screen reader (a list of month and share) as to the eye.
 */
export function CoverageMonths({ months, label, compact = false, pick = (month) => month.officesEMultidose.share }: { months: CoverageMonth[]; label: string; compact?: boolean; pick?: (month: CoverageMonth) => number | null }) {
  const { language } = useLanguage();
  return (
    <figure className="coverage-months">
      <figcaption>{label}</figcaption>
      <ol>
        {months.map((month) => {
          const share = pick(month);
          return (
            <li key={month.month} aria-label={`${monthLabel(month.month, language, 'long')}: ${formatPercent(share, language)}`}>
              <span className="coverage-bar" aria-hidden="true">
                <span style={{ height: `${Math.round((share ?? 0) * 100)}%` }} />
              </span>
              <span className="coverage-share" aria-hidden="true">
                {share === null ? '–' : `${Math.round(share * 100)}`}
              </span>
              <span className="coverage-month" aria-hidden="true">
                {monthLabel(month.month, language, compact ? 'month' : 'short')}
              </span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
