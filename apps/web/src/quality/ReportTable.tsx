import { ReactNode } from 'react';
import { useLanguage } from '../i18n/LanguageProvider';
import { EmptyState } from '../components/StateViews';

export interface ReportColumn<Row> {
  header: string;
  /** The CSV column this one shows (report.csv's header), when it is one of them. */
  csv?: string;
  numeric?: boolean;
  cell(row: Row): ReactNode;
}

/**
 * One table of the quality report. Tables and columns carry the names of the CSV's sections and
 * columns (`data-csv-section`, `data-csv-column`), so the export can be checked against the screen;
 * a table the CSV does not hold (the consultation figures) has no section.
 */
export function ReportTable<Row>(props: { section?: string; caption: string; columns: ReportColumn<Row>[]; rows: Row[]; rowKey(row: Row): string; chart?: ReactNode; download?: ReactNode }) {
  const { section, caption, columns, rows, rowKey, chart, download } = props;
  const { t } = useLanguage();
  return (
    <section className="report-table" aria-label={caption}>
      <div className="report-table-header">
        <h2>{caption}</h2>
        {rows.length > 0 && download}
      </div>
      {rows.length > 0 && chart}
      {rows.length === 0 ? (
        <EmptyState>{t.quality.emptyTable}</EmptyState>
      ) : (
        // Focusable, so a keyboard user can scroll a table wider than the screen (a phone) with the arrow keys.
        <div className="table-scroll" tabIndex={0}>
          <table data-csv-section={section}>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col" data-csv-column={column.csv} className={column.numeric ? 'number' : undefined}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.numeric ? 'number' : undefined}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
