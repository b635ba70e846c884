export { decodeEnvelope, EventEnvelope, type DecodedEnvelope } from './envelope.ts';
export { tokenTopicPartitions, tokenTopics, type TokenTopics } from './topics.ts';
export { ActorSchema, decodeTokenServiceEvent, tokenServiceEventData, tokenServiceEventTypes, type DecodedTokenServiceEvent, type TokenServiceEvent, type TokenServiceEventOf, type TokenServiceEventType } from './token-service-events.ts';
export { decodeUsageEvent, UsageEvent } from './usage.ts';
