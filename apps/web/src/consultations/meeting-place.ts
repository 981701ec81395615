/**
 * Where a joint consultation meets, as one line everybody reads the same way (Appointment.description):
 * "Video: <link>" or "Sted: <place>".
 */
export type MeetingKind = 'video' | 'place';

export function meetingDescription(kind: MeetingKind, where: string): string {
  return kind === 'video' ? `Video: ${where.trim()}` : `Sted: ${where.trim()}`;
}

/** The video link in a description, if any; only http(s), so it is safe to put in a link. */
export function videoLinkOf(description: string | undefined): string | undefined {
  return description?.match(/https?:\/\/[^\s<>"']+/)?.[0];
}
