export { connectRedis, createRedis } from './redis.ts';
