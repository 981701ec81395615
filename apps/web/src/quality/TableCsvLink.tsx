import { MouseEvent, useState } from 'react';
import { ErrorMessage } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { downloadCsv } from './csv-download';
import { QUALITY_REPORT_TEXTS } from './quality-report.texts';

/** "Last ned CSV" for one table: the file of that table alone, in the format chosen for the page. */
export function TableCsvLink({ path, table }: { path: string; table: string }) {
  const { language } = useLanguage();
  const texts = QUALITY_REPORT_TEXTS[language];
  const [downloading, setDownloading] = useState(false);
  const [failure, setFailure] = useState<Error>();

  const download = async (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (downloading) return;
    setDownloading(true);
    setFailure(undefined);
    try {
      await downloadCsv(path);
    } catch (error) {
      setFailure(error as Error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <>
      <a className="csv-link" href={path} onClick={download} aria-disabled={downloading} aria-label={texts.downloadTableOf(table)}>
        {downloading ? texts.downloading : texts.downloadTable}
      </a>
      {failure && <ErrorMessage error={failure} />}
    </>
  );
}
