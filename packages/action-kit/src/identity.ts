/**
 * Who a token writes as: the sticky comment (deployment-summary) and the
 * ledger's success statuses (the gate) are trusted only when written by it.
 * The sticky comment is found by its marker, but a
 * marker is only text: anyone can paste it into a comment of their own. So
 * we update a comment only when it was written by the identity that posts
 * ours, and otherwise post our own.
 *
 * - A PAT or an OAuth/user token: `GET /user` gives the login.
 * - An installation token (GITHUB_TOKEN, or a GitHub App's token from
 *   actions/create-github-app-token): `GET /user` answers 403 "Resource not
 *   accessible by integration", and `GET /app` needs the App's JWT, which a
 *   workflow does not have. GraphQL `viewer` does answer with the App's bot
 *   (checked by others with an App token; a Bot's GraphQL login may lack the
 *   `[bot]` that REST shows, so it is added). If that fails too, the token is
 *   taken to be GITHUB_TOKEN, whose comments are by `github-actions[bot]`:
 *   by far the common case, and a wrong guess only costs a second comment,
 *   never an edit of someone else's.
 */
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

interface OctokitLike {
  rest: { users: { getAuthenticated(params: { request: { signal: AbortSignal } }): Promise<{ data: { login: string } }> } };
  graphql<T>(query: string, params: { request: { signal: AbortSignal } }): Promise<T>;
}

export async function viewerLogin(octokit: OctokitLike, request: () => { signal: AbortSignal }): Promise<string> {
  try {
    return (await octokit.rest.users.getAuthenticated({ request: request() })).data.login;
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (status !== 403 && status !== 401) throw err;
  }
  try {
    const { viewer } = await octokit.graphql<{ viewer: { login: string; __typename?: string } }>('query { viewer { login __typename } }', {
      request: request(),
    });
    if (viewer.__typename === 'Bot' && !viewer.login.endsWith('[bot]')) return `${viewer.login}[bot]`;
    return viewer.login;
  } catch {
    return GITHUB_ACTIONS_BOT;
  }
}

/** Logins compare without case, as GitHub's do. */
export function sameLogin(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
