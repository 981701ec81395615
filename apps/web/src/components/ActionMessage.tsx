import { useState } from 'react';
import type { Language } from '../i18n/dictionary';
import { useLanguage } from '../i18n/LanguageProvider';

/** The outcome of the user's last action: good news is announced politely, a failure as an alert. */
export type ActionMessageValue = { tone: 'info' | 'error'; text: string };

export function ActionMessage({ message }: { message?: ActionMessageValue }) {
  const { language } = useLanguage();
  // The message was written in the language of its moment. After the user switches language it would be the one
  // line left in the old one, so it goes: it told of the last action, which the screen itself shows by now.
  const [written, setWritten] = useState<{ message?: ActionMessageValue; language: Language }>({ message, language });
  if (written.message !== message) setWritten({ message, language });
  const shown = written.message !== message || written.language === language ? message : undefined;
  return (
    <>
      <div className="message-line" role="status" aria-live="polite">
        {shown?.tone === 'info' && shown.text}
      </div>
      {shown?.tone === 'error' && (
        <p className="notice error" role="alert">
          {shown.text}
        </p>
      )}
    </>
  );
}
