import nx from '@nx/eslint-plugin';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Modules that do I/O: the domain lib may import none of them (functional core, imperative shell).
const ioModules = [
  'pg', 'ioredis', 'kafkajs', '@grpc/*', 'fastify', '@fastify/*', 'testcontainers', '@opentelemetry/*', 'pino',
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https',
  'http2', 'node:http2', 'dns', 'node:dns', 'tls', 'node:tls', 'dgram', 'node:dgram', 'child_process',
  'node:child_process', 'worker_threads', 'node:worker_threads',
];

// Layers (type) and owners (scope). Apps import libs and never each other.
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:data-access', 'type:util', 'type:testing'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: ioModules },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:domain', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:data-access', 'type:contracts', 'type:domain'] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:token', onlyDependOnLibsWithTags: ['scope:token', 'scope:shared'] },
  { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

// Integration tests of a lib may use the test infrastructure; the lib's own code may not.
const forTests = (constraints) =>
  constraints.map((c) => (c.sourceTag.startsWith('type:') && c.sourceTag !== 'type:domain' ? { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing'])] } : c));

const moduleBoundaries = (constraints) => ({ enforceBuildableLibDependency: false, banTransitiveDependencies: false, allow: [], depConstraints: constraints });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.nx/**', '.tessera/**', 'libs/contracts/src/grpc/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries(depConstraints)],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', moduleBoundaries(forTests(depConstraints))] },
  },
  {
    // Only the messaging lib talks to Kafka, so the client library can be replaced in one place.
    files: ['**/*.ts'],
    ignores: ['libs/messaging/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'kafkajs', message: 'Use @tessera/messaging: all Kafka access goes through it.' }] }] },
  },
  {
    // The bench's ceiling is a bare kafkajs consumer by definition (issue 17), and its producer writes raw messages;
    // going through @tessera/messaging would measure (and depend on) what the ceiling is there to compare against.
    files: ['tools/bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['tools/**/*.ts', 'infra/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
