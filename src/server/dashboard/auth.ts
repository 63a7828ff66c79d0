import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

const cookieName = 'baton_dashboard_token';

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Requires the dashboard token as a bearer header, a `?token=` query (which then sets a cookie so
 * links keep working) or that cookie. Without a token configured, everything passes.
 */
export function requireToken(token: string | undefined): MiddlewareHandler {
  return async (context, next) => {
    if (!token) return next();
    const header = context.req.header('authorization');
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    const query = context.req.query('token');
    if (sameToken(bearer, token) || sameToken(getCookie(context, cookieName), token)) return next();
    if (sameToken(query, token)) {
      setCookie(context, cookieName, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return next();
    }
    return context.text(
      '401 Unauthorized: this dashboard needs its token (Authorization: Bearer <token> or ?token=<token>).\n',
      401,
    );
  };
}
