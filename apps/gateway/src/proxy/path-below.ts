/**
 * The path below the prefix as the client wrote it (encoding kept), or undefined when the router matched another
 * spelling of it: an encoded prefix, or . and .. segments, which the upstream's URL would resolve, perhaps above its
 * base path (an http URL reads \ as / too).
 */
export function pathBelow(prefix: string, url: string): string | undefined {
  const path = url.split('?', 1)[0]!;
  const rest = path.slice(prefix.length);
  const exact = path.startsWith(prefix) && (rest === '' || rest.startsWith('/'));
  return exact && !/(^|[/\\])(\.|%2e){1,2}([/\\]|$)/i.test(rest) ? rest : undefined;
}
