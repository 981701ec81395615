import { useLanguage } from '../i18n/LanguageProvider';
import { formatNumber } from '../i18n/format';

/** A count that may be suppressed ("<5": fewer than five patients), said so to screen readers too. */
export function CountValue({ value, fractionDigits = 1 }: { value: number | string | null | undefined; fractionDigits?: number }) {
  const { t, language } = useLanguage();
  if (value === '<5') {
    return (
      <span className="suppressed" title={t.common.suppressed}>
        {'<5'}
      </span>
    );
  }
  return <>{formatNumber(value, language, fractionDigits)}</>;
}
