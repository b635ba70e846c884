import { ValidationError } from '../shared/domain-error.ts';

/**
 * Djblets' API token policy: per resource name (or `*` for every resource), the HTTP methods allowed and blocked.
 * `{"resources": {"*": {"allow": ["GET"]}, "projects": {"allow": ["*"], "block": ["DELETE"]}}}`
 */
export interface Policy {
  resources: Record<string, PolicySection>;
}
export interface PolicySection {
  allow: string[];
  block: string[];
}

export const policyMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const resourceName = /^(\*|[A-Za-z0-9][A-Za-z0-9_.:-]{0,99})$/;
const maxResources = 100;
const invalid = (message: string) => new ValidationError('invalid_policy', message);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses and validates a policy as a client sent it. Each refusal names the path of the offending part, so the
 * caller can fix it; an empty policy (no text, `{}`, no resources) means full access and is stored as null.
 */
export function parsePolicy(text: string): Policy | null {
  if (text.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid('policy is not valid JSON.');
  }
  if (!isRecord(json)) throw invalid('policy must be a JSON object, such as {"resources": {"*": {"allow": ["GET"]}}}.');
  for (const key of Object.keys(json)) {
    if (key !== 'resources') throw invalid(`policy.${key} is not a known field; a policy has only "resources".`);
  }
  if (json['resources'] === undefined) return null;
  const resources = json['resources'];
  if (!isRecord(resources)) throw invalid('policy.resources must be an object of resource names to {"allow": [...], "block": [...]}.');
  const names = Object.keys(resources);
  if (names.length === 0) return null;
  if (names.length > maxResources) throw invalid(`policy.resources has ${names.length} resources; at most ${maxResources} are allowed.`);
  const parsed: Record<string, PolicySection> = {};
  for (const name of names) {
    const path = `policy.resources[${JSON.stringify(name)}]`;
    if (!resourceName.test(name)) throw invalid(`${path}: a resource name is * or 1 to 100 letters, digits or _ . : - characters.`);
    parsed[name] = parseSection(resources[name], path);
  }
  return { resources: parsed };
}

function parseSection(section: unknown, path: string): PolicySection {
  if (!isRecord(section)) throw invalid(`${path} must be an object with "allow" and/or "block" lists.`);
  for (const key of Object.keys(section)) {
    if (key !== 'allow' && key !== 'block') throw invalid(`${path}.${key} is not a known field; use "allow" or "block".`);
  }
  return { allow: parseMethods(section['allow'], `${path}.allow`), block: parseMethods(section['block'], `${path}.block`) };
}

function parseMethods(list: unknown, path: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > policyMethods.length + 1) throw invalid(`${path} must be a list of HTTP methods or "*".`);
  return list.map((entry, index) => {
    const method = typeof entry === 'string' ? entry.toUpperCase() : undefined;
    if (method !== '*' && !policyMethods.includes(method as (typeof policyMethods)[number])) {
      throw invalid(`${path}[${index}]: ${JSON.stringify(entry)} is not an HTTP method; use one of ${policyMethods.join(', ')} or *.`);
    }
    return method!;
  });
}

/**
 * Whether a policy lets a request through. The resource's own section is asked before `*`; within a section a named
 * method outranks `*`, and block outranks allow. What no section allows is refused: a policy lists what it permits.
 */
export function isAllowed(policy: Policy | null, resource: string, method: string): boolean {
  if (policy === null) return true;
  const verb = method.toUpperCase();
  for (const name of resource === '*' ? ['*'] : [resource, '*']) {
    // Own properties only: a resource called `constructor` must not find Object.prototype's.
    const section = Object.hasOwn(policy.resources, name) ? policy.resources[name] : undefined;
    if (!section) continue;
    if (section.block.includes(verb)) return false;
    if (section.allow.includes(verb)) return true;
    if (section.block.includes('*')) return false;
    if (section.allow.includes('*')) return true;
  }
  return false;
}
