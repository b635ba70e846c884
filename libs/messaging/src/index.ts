export {
  createKafkaClient,
  type BatchHandler,
  type ConsumerStatus,
  type GroupMember,
  type KafkaAdmin,
  type PartitionEnd,
  type IncomingMessage,
  type KafkaClient,
  type MessageConsumer,
  type MessageProducer,
  type OutgoingMessage,
  type TopicSpec,
} from './kafka-client.ts';
export { kafkaConnectionOptions, kafkaSecurity, type KafkaSecurity } from './kafka-security.ts';
