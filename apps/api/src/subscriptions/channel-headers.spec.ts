import { DomainError } from '../common/errors/domain-error';
import { MASKED_HEADER_VALUE, channelHeaderFields, maskedChannelHeaders, resolveChannelHeaders } from './channel-headers';

function refusal(call: () => unknown): number | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.status : -1;
  }
}

describe('channel.header', () => {
  it('keeps a stored value where a read showed it masked, and takes a new one where given', () => {
    const stored = ['Authorization: Bearer old', 'X-Tenant: a'];
    expect(resolveChannelHeaders([`Authorization: ${MASKED_HEADER_VALUE}`, 'X-Tenant: b'], stored)).toEqual(['Authorization: Bearer old', 'X-Tenant: b']);
    expect(maskedChannelHeaders(stored)).toEqual(['Authorization: ***', 'X-Tenant: ***']);
  });

  it.each(['Host: evil', 'content-type: text/plain', 'X-Bro-Signature: sha256=0', 'x-bro-event-id: 1', 'Transfer-Encoding: chunked', 'Proxy-Authorization: x'])('refuses %s', (header) => {
    expect(refusal(() => resolveChannelHeaders([header], []))).toBe(422);
  });

  it('refuses header injection, names given twice and a masked value with nothing stored', () => {
    expect(refusal(() => resolveChannelHeaders(['X-A: b\r\nHost: evil'], []))).toBe(422);
    expect(refusal(() => resolveChannelHeaders(['X-A: b\nX-B: c'], []))).toBe(422);
    expect(refusal(() => resolveChannelHeaders(['Bad Name: x'], []))).toBe(422);
    expect(refusal(() => resolveChannelHeaders(['X-A: 1', 'x-a: 2'], []))).toBe(422);
    expect(refusal(() => resolveChannelHeaders([`X-A: ${MASKED_HEADER_VALUE}`], []))).toBe(422);
  });

  it('never sends a reserved header, even one stored before names were checked', () => {
    expect(channelHeaderFields(['Authorization: Bearer t', 'X-Bro-Signature: forged', 'Host: evil'])).toEqual({ authorization: 'Bearer t' });
  });
});
