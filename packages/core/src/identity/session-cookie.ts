/** The session cookie, the same for the API and the web app. */
export const SESSION_COOKIE = "pathwise_session";

export interface SessionCookieOptions {
  path: string;
  httpOnly: true;
  secure: boolean;
  sameSite: "lax";
  expires: Date;
}

export function sessionCookieOptions(secure: boolean, expiresAt: Date): SessionCookieOptions {
  return { path: "/", httpOnly: true, secure, sameSite: "lax", expires: expiresAt };
}
