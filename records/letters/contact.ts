/** How a letter can reach a person: by email, by post, or (neither held) not at all. */
export interface ContactChannel {
  channel: 'email' | 'post' | null;
  /** Set when no letter can reach them, for the staff who log the case. */
  warning?: string;
}

export const NO_CHANNEL_WARNING = 'no email or postal address: letters cannot be sent until one is added';

/** The address a letter filed in the outbox goes to: the postal address, else the email; undefined if neither. */
export function contactAddress(person: { email?: string | null; address?: string | null }): string | undefined {
  return person.address?.trim() || person.email?.trim() || undefined;
}

/**
 * The channel letters to `person` use: email when held (sent by SMTP or
 * Notify where configured, else by staff from the outbox), else post. A
 * complaint may come by phone or in person with neither (Rutland 4.1, Luton
 * 6.1: in any format the complainant chooses), so this flags, never refuses.
 */
export function contactOf(person: { email?: string | null; address?: string | null }): ContactChannel {
  if (person.email?.trim()) return { channel: 'email' };
  if (person.address?.trim()) return { channel: 'post' };
  return { channel: null, warning: NO_CHANNEL_WARNING };
}
