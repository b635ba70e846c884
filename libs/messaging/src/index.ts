export {
  createKafkaClient,
  type BatchHandler,
  type IncomingMessage,
  type KafkaClient,
  type MessageConsumer,
  type MessageProducer,
  type OutgoingMessage,
  type TopicSpec,
} from './kafka-client.ts';
