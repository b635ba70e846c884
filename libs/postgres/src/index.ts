export { migrate } from './migrate.ts';
export { assertReachable, createPool, inTransaction, type Pool, type PoolClient } from './pool.ts';
export { listen, type Listener } from './listen.ts';
