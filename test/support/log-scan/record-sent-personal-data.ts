import { ClientRequest } from 'node:http';
import { Kafka, type Message, type Producer } from 'kafkajs';
import { personalDataIn } from './personal-data-in';
import { recordSent, testLogDir } from './test-log-run';

/**
 * A jest setup file of the integration tests: records every personal ID and full name a test process sends, at
 * the two doors everything leaves by (an HTTP request body — supertest, axios, the bus's own calls to the
 * simulators — and a Kafka message), for the log scan after the run. Recording where values leave rather than
 * where fixtures build them catches the literals test files write themselves, the generated dossiers of the
 * examples, and what the in-process bus forwards from the simulators, without a list to keep up to date.
 */
const RECORDED = Symbol.for('lgsp.test.recordedPersonalData');
const PATCHED = Symbol.for('lgsp.test.patchedForPersonalData');

type Patchable = Record<symbol, unknown>;

/** The values already written, shared by every test file the worker runs (the http module is shared too). */
function recordedValues(): Set<string> {
  const global = globalThis as unknown as Patchable;
  global[RECORDED] ??= new Set<string>();
  return global[RECORDED] as Set<string>;
}

function record(body: unknown): void {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : undefined;
  if (text === undefined || text.length === 0) return;
  const found = personalDataIn(text);
  const recorded = recordedValues();
  const fresh = (values: string[]): string[] => {
    const unseen = [...new Set(values)].filter((value) => !recorded.has(value));
    unseen.forEach((value) => recorded.add(value));
    return unseen;
  };
  recordSent({ personalIds: fresh(found.personalIds), fullNames: fresh(found.fullNames) });
}

function patchHttp(): void {
  const prototype = ClientRequest.prototype as ClientRequest & Patchable;
  if (prototype[PATCHED]) return;
  prototype[PATCHED] = true;
  const { write, end } = prototype;
  prototype.write = function (this: ClientRequest, chunk: unknown, ...rest: unknown[]) {
    record(chunk);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof write;
  prototype.end = function (this: ClientRequest, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') record(chunk);
    return (end as (...args: unknown[]) => ClientRequest).call(this, chunk, ...rest);
  } as typeof end;
}

function recordMessages(messages: Message[]): void {
  for (const message of messages) record(message.value);
}

/** Each test file has its own kafkajs (jest's module registry), so this runs once per file. */
function patchKafka(): void {
  const prototype = Kafka.prototype as Kafka & Patchable;
  if (prototype[PATCHED]) return;
  prototype[PATCHED] = true;
  const producer = prototype.producer;
  prototype.producer = function (this: Kafka, ...args: Parameters<Kafka['producer']>): Producer {
    const created = producer.apply(this, args);
    const { send, sendBatch } = created;
    created.send = (request) => {
      recordMessages(request.messages);
      return send(request);
    };
    created.sendBatch = (batch) => {
      for (const topic of batch.topicMessages ?? []) recordMessages(topic.messages);
      return sendBatch(batch);
    };
    return created;
  };
}

if (testLogDir()) {
  patchHttp();
  patchKafka();
}
