// The domain's test helpers, apart from its public face: they import node:assert, which the domain's code never needs.
export { specification } from './shared/decider-specification.ts';
