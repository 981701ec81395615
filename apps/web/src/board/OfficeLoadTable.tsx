import type { CountCell } from '@app/fhir/board/board-metrics';
import { OfficeLoad } from '@app/fhir/transfers/discharge-board-panel';
import { CountValue } from '../components/CountValue';
import { EmptyState } from '../components/StateViews';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDateTime } from '../i18n/format';

const DAY_MS = 86_400_000;

/**
 * GP offices by open tasks per GP, highest first: where the load piles up. Open tasks nobody owns (the
 * patient had no GP) are at no office: the last row, "Uten fastlege", when there are any.
 */
export function OfficeLoadTable({ offices, unassigned }: { offices: OfficeLoad[]; unassigned?: CountCell }) {
  const { t, language } = useLanguage();
  const withoutGp = unassigned !== undefined && unassigned !== 0;
  if (offices.length === 0 && !withoutGp) return <EmptyState>{t.board.officeEmpty}</EmptyState>;
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
        {withoutGp && (
          <tr className="unassigned">
            <th scope="row">{t.board.unassigned}</th>
            <td className="number">{t.common.none}</td>
            <td className="number">
              <CountValue value={unassigned} />
            </td>
            <td className="number">{t.common.none}</td>
            <td className="number">{t.common.none}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
