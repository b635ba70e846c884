import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const argon2Async = promisify(argon2);

// OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): memory-hard, and still ~20 ms a login on one core.
const defaults = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const;
type Parameters = { memory: number; passes: number; parallelism: number };

/** Hashes and checks passwords as PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), so parameters can be raised later. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(phc: string, password: string): Promise<boolean>;
  /** Checked against when the user does not exist, so unknown and known users take the same time to refuse. */
  readonly decoy: string;
}

export async function createPasswordHasher(): Promise<PasswordHasher> {
  const hash = async (password: string) => {
    const nonce = randomBytes(16);
    const tag = await derive(password, nonce, defaults);
    return `$argon2id$v=19$m=${defaults.memory},t=${defaults.passes},p=${defaults.parallelism}$${b64(nonce)}$${b64(tag)}`;
  };
  const decoy = await hash(randomBytes(32).toString('base64'));
  return {
    hash,
    decoy,
    async verify(phc, password) {
      const parsed = parsePhc(phc);
      if (!parsed) return false;
      const tag = await derive(password, parsed.nonce, parsed.parameters, parsed.tag.length);
      return timingSafeEqual(tag, parsed.tag);
    },
  };
}

function derive(password: string, nonce: Buffer, p: Parameters, tagLength: number = defaults.tagLength): Promise<Buffer> {
  return argon2Async('argon2id', { message: password, nonce, memory: p.memory, passes: p.passes, parallelism: p.parallelism, tagLength });
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

function parsePhc(phc: string): { parameters: Parameters; nonce: Buffer; tag: Buffer } | undefined {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) return undefined;
  const [, memory, passes, parallelism, nonce, tag] = match;
  return {
    parameters: { memory: Number(memory), passes: Number(passes), parallelism: Number(parallelism) },
    nonce: Buffer.from(nonce!, 'base64'),
    tag: Buffer.from(tag!, 'base64'),
  };
}
