import { OfficeLoad } from '@app/fhir/transfers/discharge-board-panel';
import { CountValue } from '../components/CountValue';
import { EmptyState } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDateTime } from '../i18n/format';

const DAY_MS = 86_400_000;

/** GP offices by open tasks per GP, highest first: where the load piles up. */
export function OfficeLoadTable({ offices }: { offices: OfficeLoad[] }) {
  const { t, language } = useLanguage();
  if (offices.length === 0) return <EmptyState>{t.board.officeEmpty}</EmptyState>;
  const columns = t.board.officeColumns;
  return (
    <table className="board-table">
      <thead>
        <tr>
          <th scope="col">{columns.office}</th>
          <th scope="col" className="number">{columns.gps}</th>
          <th scope="col" className="number">{columns.open}</th>
          <th scope="col" className="number">{columns.perGp}</th>
          <th scope="col" className="number">{columns.oldest}</th>
        </tr>
      </thead>
      <tbody>
        {offices.map((office) => (
          <tr key={office.office}>
            <th scope="row" title={office.name}>
              {office.name}
            </th>
            <td className="number">{office.gps}</td>
            <td className="number">
              <CountValue value={office.open} />
            </td>
            <td className="number">
              <CountValue value={office.openPerGp} />
            </td>
            <td className="number">
              {office.oldestOpenSince ? (
                <time dateTime={office.oldestOpenSince} title={formatDateTime(office.oldestOpenSince, language)}>
                  {t.board.age(Math.floor((Date.now() - Date.parse(office.oldestOpenSince)) / DAY_MS))}
                </time>
              ) : (
                t.common.none
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
