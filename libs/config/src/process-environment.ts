/**
 * What a service process is started with, beside its settings (ADR 9). glibc raises its threshold for serving large
 * allocations from mmap after the first one is freed, so argon2id's 19 MiB per hash (and other large buffers) then
 * come from heap arenas that keep the memory for good: a token service held 400 MiB after a burst of logins. A
 * fixed threshold keeps large allocations mapped and returned on free. A GLIBC_TUNABLES already set wins.
 */
export const serviceProcessEnvironment = (env: NodeJS.ProcessEnv = process.env): Record<string, string> => ({
  GLIBC_TUNABLES: env['GLIBC_TUNABLES'] ?? 'glibc.malloc.mmap_threshold=131072',
});
