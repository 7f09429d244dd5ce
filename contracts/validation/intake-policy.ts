import { IS_DOCUMENT_URL } from './document-url.decorator';
import { IS_PLAIN_TEXT } from './plain-text.decorator';
import { IS_WITHIN_RECORD_SIZE } from './record-size.decorator';

/**
 * Rules a correct producer never breaks, checked wherever a contract class is validated (the gateway answers
 * 400 naming the field) but published in no schema: a published version never changes, and tightening what
 * the bus takes in is intake policy, not a new contract version. See docs/intake-policy.md.
 */
export const INTAKE_POLICY_RULES: readonly string[] = [IS_PLAIN_TEXT, IS_DOCUMENT_URL, IS_WITHIN_RECORD_SIZE];
