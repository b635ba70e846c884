import { Type, type Static } from 'typebox';
import { jwksPath } from './identity-assertions.ts';

/** The gateway answers these paths itself: a proxied prefix may neither sit below one nor hold one below it. */
export const gatewayPaths = ['/api', '/token', '/healthz', '/readyz', '/docs', '/openapi.json', jwksPath] as const;

const ProxyRouteFields = Type.Object(
  {
    prefix: Type.String({ maxLength: 200, description: 'e.g. /svc/orders: that path and every path below it are forwarded' }),
    upstream: Type.String({ maxLength: 500, description: 'e.g. http://127.0.0.1:9000; the path below the prefix is appended to it' }),
    resource: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$', description: "the resource a token's policy is asked about, as in Djblets' policies" }),
    ),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 300_000, description: 'how long the upstream may take to answer; 30000 by default' })),
    refusals: Type.Optional(
      Type.Union([Type.Literal('qfieldcloud'), Type.Literal('django-tokenapi')], {
        description:
          "how the gateway words its own 401 and 403: QFieldCloud's {code, message} by default, or, for an upstream whose clients knew its token_required, django-tokenapi's {success: false, errors} (401 without a credential, 403 for a bad one)",
      }),
    ),
    method_overrides: Type.Optional(
      Type.Union([Type.Literal('strip'), Type.Literal('check')], {
        description:
          "what becomes of a method override (X-HTTP-Method-Override, X-HTTP-Method, X-Method-Override, a _method field in the query or a form): 'strip' (the default) takes it out, so the upstream acts on the method the policy allowed; 'check' forwards it once the token's policy allows every method it names as well",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ProxyRoute = Static<typeof ProxyRouteFields>;

/** `GATEWAY_PROXY_ROUTES`: the routes the gateway forwards, once it has authenticated the caller. */
export const ProxyRoutes = Type.Refine(
  Type.Array(
    Type.Refine(ProxyRouteFields, (route) => routeProblem(route) === undefined, (route) => routeProblem(route) ?? ''),
    { maxItems: 100 },
  ),
  (routes) => repeatedPrefix(routes) === undefined,
  (routes) => `has the prefix "${repeatedPrefix(routes)}" more than once; each prefix forwards to one upstream`,
);

const routeProblem = (route: ProxyRoute) => prefixProblem(route.prefix) ?? upstreamProblem(route.upstream);

function prefixProblem(prefix: string): string | undefined {
  const about = `prefix "${prefix}"`;
  if (!prefix.startsWith('/')) return `${about} must start with /`;
  if (prefix.endsWith('/')) return `${about} must not end with /; it forwards itself and every path below it`;
  if (prefix.includes('..')) return `${about} must not contain ..`;
  const segments = prefix.slice(1).split('/');
  // Only plain segments: `:name` and `*` would be route parameters, `%` an encoding the router decodes first.
  if (!segments.every((segment) => /^[A-Za-z0-9._~-]+$/.test(segment) && segment !== '.')) {
    return `${about} may hold only letters, digits and . _ ~ - between single slashes`;
  }
  const taken = gatewayPaths.find((own) => prefix === own || prefix.startsWith(`${own}/`) || own.startsWith(`${prefix}/`));
  return taken && `${about} overlaps the gateway's own ${taken}`;
}

function upstreamProblem(upstream: string): string | undefined {
  const about = `upstream "${upstream}"`;
  if (!URL.canParse(upstream)) return `${about} is not a URL; expected e.g. http://127.0.0.1:9000`;
  const url = new URL(upstream);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${about} must be an http: or https: URL, not ${url.protocol}`;
  if (url.username !== '' || url.password !== '') return `${about} must not hold a user or password`;
  if (url.search !== '' || url.hash !== '') return `${about} must not have a query or fragment`;
  return undefined;
}

function repeatedPrefix(routes: readonly ProxyRoute[]): string | undefined {
  const seen = new Set<string>();
  for (const { prefix } of routes) {
    if (seen.has(prefix)) return prefix;
    seen.add(prefix);
  }
  return undefined;
}
