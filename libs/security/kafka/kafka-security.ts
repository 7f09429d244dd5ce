import type { ConnectionOptions } from 'node:tls';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { readPemFile } from '../pem-file';

export type KafkaSaslMechanism = 'scram-sha-256' | 'scram-sha-512';

/** How the bus proves itself to the brokers and protects the connection, from configuration. */
export interface KafkaSecuritySettings {
  /** TLS to the brokers; the files are PEM (a CA bundle, and a client certificate and key for mutual TLS). */
  ssl: { enabled: boolean; caFile?: string; certFile?: string; keyFile?: string };
  /** SASL/SCRAM credentials; absent when the brokers take unauthenticated clients (development and test). */
  sasl?: { mechanism: KafkaSaslMechanism; username: string; password: string };
}

/**
 * The `ssl` and `sasl` parts of the kafkajs configuration. SCRAM never sends the password itself, but on a
 * network the brokers share with others it still belongs inside TLS; PLAIN is not offered at all.
 */
export function kafkaSecurityOptions(settings: KafkaSecuritySettings): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { ssl, sasl } = settings;
  const tls: ConnectionOptions | undefined = ssl.enabled
    ? {
        rejectUnauthorized: true,
        ca: readPemFile('the Kafka brokers', 'CA', ssl.caFile),
        cert: readPemFile('the Kafka brokers', 'client certificate', ssl.certFile),
        key: readPemFile('the Kafka brokers', 'client key', ssl.keyFile),
      }
    : undefined;
  const credentials: SASLOptions | undefined = sasl
    ? { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password }
    : undefined;
  return { ...(tls ? { ssl: tls } : {}), ...(credentials ? { sasl: credentials } : {}) };
}
