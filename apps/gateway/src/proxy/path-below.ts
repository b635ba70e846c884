/**
 * The path below the prefix as the client wrote it (encoding kept), or undefined when the router matched another
 * spelling of it: an encoded prefix, or . and .. segments, which the upstream's URL would resolve, perhaps above its
 * base path. A segment counts as one between any separator an upstream may read as a slash: an http URL reads \ as /,
 * and a server that decodes the path before resolving it reads %2F and %5C so too. A dot segment with a path parameter
 * (`..;x`, `..%3Bx`) counts too: servlet containers drop the parameter first and resolve what is left.
 */
export function pathBelow(prefix: string, url: string): string | undefined {
  const path = url.split('?', 1)[0]!;
  const rest = path.slice(prefix.length);
  const exact = path.startsWith(prefix) && (rest === '' || rest.startsWith('/'));
  return exact && !dotSegment.test(rest) ? rest : undefined;
}

const dotSegment = /(^|[/\\]|%2f|%5c)(\.|%2e){1,2}((;|%3b)[^/\\]*)?([/\\]|%2f|%5c|$)/i;
