import { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

export function LanguagePicker() {
  const { t, language, setLanguage } = useLanguage();
  return (
    <label className="language-picker">
      <span>{t.language}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
        <option value="nb">{t.languages.nb}</option>
        <option value="en">{t.languages.en}</option>
      </select>
    </label>
  );
}
