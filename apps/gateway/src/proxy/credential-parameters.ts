/**
 * django-tokenapi's `user` and `token` request parameters on a proxied request: read from a form body as Django's
 * `request.POST` reads them, and taken out of the query and the body before the request goes upstream.
 */

/** The credential fields a form body holds, as `request.POST.get` reads them: the last of a repeated field. */
export function formCredential(body: Buffer): { user?: string; token?: string } {
  const fields = new URLSearchParams(body.toString('utf8'));
  const last = (name: string) => fields.getAll(name).at(-1);
  const [user, token] = [last('user'), last('token')];
  return { ...(user !== undefined && { user }), ...(token !== undefined && { token }) };
}

/**
 * The query and the form body without the credential: every `token` parameter, and every `user` once a `token`
 * parameter came in either (then `user` names the token's owner, as in django-tokenapi; alone it is the upstream's
 * own field); and without the parameters named in `dropped` (a method override the route strips). What remains keeps
 * its bytes and order; a form with nothing to take out is returned as it came.
 */
export function withoutCredential(
  query: string,
  form: Buffer | undefined,
  dropped: ReadonlySet<string> = new Set(),
): { query: string; form: Buffer | undefined } {
  const queryPairs = query === '' ? [] : query.split('&');
  // latin1 maps each byte to one character and back, so pairs that are kept leave exactly as they arrived.
  const formPairs = form === undefined || form.length === 0 ? [] : form.toString('latin1').split('&');
  const carriesToken = [...queryPairs, ...formPairs].some((pair) => parameterName(pair) === 'token');
  const kept = (pairs: string[]) =>
    pairs.filter((pair) => {
      const name = parameterName(pair);
      return !isCredential(name, carriesToken) && !dropped.has(name);
    });
  const keptForm = kept(formPairs);
  return {
    query: kept(queryPairs).join('&'),
    form: form === undefined || keptForm.length === formPairs.length ? form : Buffer.from(keptForm.join('&'), 'latin1'),
  };
}

const isCredential = (name: string, carriesToken: boolean) => name === 'token' || (carriesToken && name === 'user');

function parameterName(pair: string): string {
  const name = pair.split('=', 1)[0]!.replaceAll('+', ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
