// The browser session cookie. HttpOnly keeps it away from page scripts;
// SameSite=Lax keeps it off cross-site subrequests (the web app on another
// port of the same host is same-site, so it still gets it). The token is
// base64url, so it needs no cookie-value escaping.

export const SESSION_COOKIE = "headstart_session";

export interface CookieSettings {
  /** Set when the API is served over HTTPS, so the cookie never travels in clear. */
  secure: boolean;
}

function serialize(value: string, expiresAt: Date, settings: CookieSettings): string {
  const attributes = [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    `Expires=${expiresAt.toUTCString()}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (settings.secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function sessionCookie(token: string, expiresAt: Date, settings: CookieSettings): string {
  return serialize(token, expiresAt, settings);
}

export function clearedSessionCookie(settings: CookieSettings): string {
  return serialize("", new Date(0), settings);
}

export function sessionTokenFromCookieHeader(header: string | undefined): string | null {
  if (!header) return null;
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim();
    return value.length > 0 ? value : null;
  }
  return null;
}
