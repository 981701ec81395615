import { useState } from 'react';
import type { DirectoryAddress, DirectoryEntry, DirectoryOpeningHours } from '@app/fhir/api/directory-answers';
import type { Language } from '../i18n/dictionary';
import { DirectoryTexts, useDirectoryTexts } from './directory.texts';

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "08:00:00" → "08:00". */
function clock(time: string | undefined): string {
  return (time ?? '').slice(0, 5);
}

/** Days as people write them: a run of three or more as "man–fre", the rest one by one. */
function dayList(days: DirectoryOpeningHours['daysOfWeek'], dt: DirectoryTexts): string {
  const indexes = [...new Set(days.map((day) => WEEK.indexOf(day)).filter((index) => index >= 0))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; ) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
    const first = dt.days[WEEK[indexes[i]]];
    const last = dt.days[WEEK[indexes[j]]];
    if (j - i >= 2) parts.push(`${first}–${last}`);
    else for (let k = i; k <= j; k++) parts.push(dt.days[WEEK[indexes[k]]]);
    i = j + 1;
  }
  return parts.join(', ');
}

export function openingHoursText(hours: DirectoryOpeningHours, dt: DirectoryTexts): string {
  const time = hours.allDay ? dt.allDay : `${clock(hours.availableStartTime)}–${clock(hours.availableEndTime)}`;
  return `${dayList(hours.daysOfWeek, dt)} ${time}`;
}

function timeOfDay(instant: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'nb' ? 'nb-NO' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' }).format(new Date(instant));
}

/** A phone number as a tel: link dials it: digits and a leading +, nothing else. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

function herIdOf(address: DirectoryAddress): string {
  return address.herId ?? address.address.replace(/^her:/, '');
}

/**
 * One collaboration partner and how to reach it: what it is and where it belongs, the phone (a tel: link), the
 * electronic address with the message types it takes, opening hours, and at a hospital unit who answers GPs today.
 * "Send melding" copies the HER id: messages go from the caller's own EPJ, which Bro does not replace.
 */
export function DirectoryCard({ entry, headingLevel = 3 }: { entry: DirectoryEntry; headingLevel?: 3 | 4 }) {
  const { dt, language } = useDirectoryTexts();
  const [messageNote, setMessageNote] = useState<string>();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const headingId = `card-${entry.reference.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const kind = dt.kind[entry.kind] ?? entry.kind;
  const her = entry.addresses[0];

  const message = async () => {
    const id = herIdOf(her!);
    try {
      await navigator.clipboard.writeText(id);
      setMessageNote(dt.messageCopied(id));
    } catch {
      // No clipboard (an insecure origin, or refused): the address is still on the card to type in.
      setMessageNote(dt.messageManual(id));
    }
  };

  return (
    <article className="directory-card" aria-labelledby={headingId} data-testid="directory-card" data-reference={entry.reference}>
      <header className="directory-card-header">
        <Heading id={headingId}>{entry.name}</Heading>
        <p className="directory-kind">
          <span className="tag">{kind}</span>
          {entry.type && entry.type !== kind && <span className="directory-type"> {entry.type}</span>}
          {entry.sameDistrict && <span className="tag ok"> {dt.sameDistrict}</span>}
          {entry.recentlyCollaborated && <span className="tag info"> {dt.recent}</span>}
          {entry.involvement?.map((part) => (
            <span key={part} className="tag involvement">
              {dt.involvement[part] ?? part}
            </span>
          ))}
        </p>
      </header>
      <dl className="directory-facts">
        {entry.organization && (
          <>
            <dt>{dt.organization}</dt>
            <dd>{entry.organization.display ?? entry.organization.reference}</dd>
          </>
        )}
        {entry.district && (
          <>
            <dt>{dt.district}</dt>
            <dd>{entry.district}</dd>
          </>
        )}
        <dt>{dt.phone}</dt>
        <dd>{entry.phone ? <a href={telHref(entry.phone)}>{entry.phone}</a> : dt.noPhone}</dd>
        <dt>{dt.her}</dt>
        <dd>
          {entry.addresses.length === 0
            ? dt.noAddress
            : entry.addresses.map((address) => (
                <div key={address.reference} className="directory-address">
                  {dt.herId(herIdOf(address))}
                  {address.messageTypes.length > 0 && (
                    <>
                      {' '}
                      · {dt.accepts}: {address.messageTypes.map((type) => dt.messageType[type.code] ?? type.display ?? type.code).join(', ')}
                    </>
                  )}
                </div>
              ))}
        </dd>
        {entry.kind !== 'person' && (
          <>
            <dt>{dt.openingHours}</dt>
            <dd>
              {entry.openingHours.length === 0
                ? dt.noOpeningHours
                : entry.openingHours.map((hours, index) => <div key={index}>{openingHoursText(hours, dt)}</div>)}
            </dd>
          </>
        )}
        {entry.onDuty && (
          <>
            <dt>{dt.onDuty}</dt>
            <dd data-testid="directory-on-duty">
              {entry.onDuty.name} ({timeOfDay(entry.onDuty.start, language)}–{timeOfDay(entry.onDuty.end, language)})
              {entry.onDuty.phone && (
                <>
                  {', '}
                  <a href={telHref(entry.onDuty.phone)} aria-label={dt.call(entry.onDuty.name)}>
                    {entry.onDuty.phone}
                  </a>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      <div className="directory-actions">
        {entry.phone && (
          <a className="button primary" href={telHref(entry.phone)} aria-label={dt.call(entry.name)}>
            {dt.callShort}
          </a>
        )}
        {her && (
          <button type="button" onClick={message} aria-label={dt.messageFor(entry.name)}>
            {dt.message}
          </button>
        )}
      </div>
      {messageNote && (
        <p className="directory-message-note" role="status">
          {messageNote}
        </p>
      )}
    </article>
  );
}
