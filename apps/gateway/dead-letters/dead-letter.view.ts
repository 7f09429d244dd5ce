// The log redaction's walker: operators and logs see personal data masked by the same rules (one list of fields).
import { maskFreeText, redactDeep } from '@lgsp/observability';
import type { DeadLetterStatus, StoredDeadLetter } from '@lgsp/persistence';

/** A dead letter as listed: where it failed and why, without its payload. */
export interface DeadLetterSummary {
  id: string;
  messageId: string;
  /** The consumer group (one per connector) that gave up on the message. */
  connector: string;
  topic: string;
  key: string | null;
  /** The CloudEvents type of the message, when it carries one. */
  type: string | null;
  reasonCode: string;
  reason: string;
  attempts: number;
  deadLetteredAt: string;
  status: DeadLetterStatus;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

/** One letter for an operator: its headers and payload with personal data masked. */
export interface DeadLetterDetail extends DeadLetterSummary {
  headers: Record<string, string>;
  /** The payload parsed as JSON, or its text when it is not JSON; null when the message had no value. */
  payload: unknown;
  payloadBytes: number;
}

export function summaryOf(letter: StoredDeadLetter): DeadLetterSummary {
  return {
    id: letter.id,
    messageId: letter.messageId,
    connector: letter.consumerGroup,
    topic: letter.topic,
    key: letter.key === null ? null : maskFreeText(letter.key),
    type: letter.headers.ce_type ?? letter.headers['lgsp-type'] ?? null,
    reasonCode: letter.reasonCode,
    reason: letter.reason,
    attempts: letter.attempts,
    deadLetteredAt: letter.deadLetteredAt.toISOString(),
    status: letter.status,
    resolvedAt: letter.resolvedAt?.toISOString() ?? null,
    resolutionNote: letter.resolutionNote,
  };
}

export function detailOf(letter: StoredDeadLetter): DeadLetterDetail {
  return {
    ...summaryOf(letter),
    headers: redactDeep(letter.headers) as Record<string, string>,
    payload: letter.value === null ? null : redactDeep(parsed(letter.value)),
    payloadBytes: letter.value?.length ?? 0,
  };
}

/** Messages are JSON (CloudEvents binary mode); a letter dead-lettered because it was not is shown as text. */
function parsed(value: Buffer): unknown {
  const text = value.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return text;
    throw error;
  }
}
