// Email addresses as accounts are keyed by: trimmed, lower-cased, checked.
import { badUserInput } from "../errors/error-helpers.ts";

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw badUserInput(`"${raw.slice(0, 80)}" is not an email address; enter one like ada@example.com.`, "email");
  }
  return email;
}
