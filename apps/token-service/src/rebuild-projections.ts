// Rebuilds the token service's projections from its event store:
//   TOKEN_DATABASE_URL=postgres://… node apps/token-service/src/rebuild-projections.ts
import { loadConfig, url } from '@tessera/config';
import { createPool } from '@tessera/postgres';
import { configOrExit, createLogger, logLevel, runService } from '@tessera/telemetry';
import { rebuildProjections } from './projections/rebuild-projections.ts';

const name = 'token-service-rebuild';
const config = configOrExit(name, () =>
  loadConfig({ databaseUrl: url('TOKEN_DATABASE_URL', { protocols: ['postgres:', 'postgresql:'] }), logLevel }),
);
const logger = createLogger(name, config.logLevel);

await runService(name, logger, async () => {
  const { databaseUrl } = config;
  const pool = createPool(databaseUrl, { applicationName: 'token-service-rebuild' });
  const replayed = await rebuildProjections(pool, (count) => logger.info({ replayed: count }, 'replaying events'));
  logger.info({ replayed }, 'projections rebuilt');
  await pool.end();
  process.exit(0);
});
