import { Topics } from '@lgsp/contracts';
import { BusConfig } from '@lgsp/config';

/**
 * Request-reply topics: a request is worth nothing after its deadline, and it carries personal data (a citizen's
 * ID and name), so these keep messages an hour (a restart's backlog), not the bus's usual retention.
 */
export const REQUEST_TOPIC_RETENTION_MS = 3_600_000;

export const REQUEST_TOPICS: ReadonlySet<string> = new Set([Topics.citizenVerification]);

/** A topic the bus publishes to or consumes from, by its logical name (without the deployment prefix). */
export interface TopicSpec {
  name: string;
  partitions?: number;
  retentionMs?: number;
}

/**
 * Physical topic names. Retry topics belong to one consumer group, so a retry meant for the portal connector is
 * never seen by another group reading the same main topic; the dead-letter topic is shared and its headers
 * name the group.
 */
export class TopicNames {
  constructor(private readonly prefix: string) {}

  static from(config: BusConfig): TopicNames {
    return new TopicNames(config.kafka.topicPrefix);
  }

  main(name: string): string {
    return `${this.prefix}.${name}`;
  }

  retry(name: string, consumer: string, hop: number): string {
    return `${this.prefix}.${name}.${consumer}.retry-${hop}`;
  }

  deadLetter(name: string): string {
    return `${this.prefix}.${name}.dead-letter`;
  }

  consumerGroup(consumer: string): string {
    return `${this.prefix}.${consumer}`;
  }
}
