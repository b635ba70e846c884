export { decodeEnvelope, EventEnvelope, type DecodedEnvelope } from './envelope.ts';
export { tokenTopicPartitions, tokenTopics, type TokenTopics } from './topics.ts';
