import type { FieldProblem } from '@lgsp/contracts';
import { maskFreeText } from '@lgsp/observability';

/**
 * V8's JSON.parse quotes up to ten characters either side of where it stopped (`Unexpected token 'N', ..."fullName":
 * Nguyễn Văn"... is not valid JSON`): a caller's name, ID or token, sent back and logged. The excerpt goes; the
 * token that stopped the parser, one character, stays so the caller still sees what went wrong.
 */
const JSON_EXCERPT = /,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)?\s+is not valid JSON/u;

/** A problem's detail or field message as a caller may read it: no quoted body text, no ID number, no token. */
export function problemText(text: string): string {
  return maskFreeText(
    text.replace(JSON_EXCERPT, ': the body is not valid JSON (its text is not quoted back)'),
  );
}

export function problemFields(fields: readonly FieldProblem[]): FieldProblem[] {
  return fields.map((field) => ({ ...field, message: problemText(field.message) }));
}
