import { ValidationError } from 'class-validator';
import { FieldProblem } from '../errors/domain-error';

/** The field named when the payload as a whole is wrong (not a JSON object, for example). */
export const ROOT_FIELD = '(root)';

/**
 * Flattens class-validator's error tree into one problem per failed constraint, each naming the full path
 * (`applicant.personalId`, `fees[0].amount`), so a caller can fix every field in one round trip.
 */
export function validationProblems(errors: readonly ValidationError[]): FieldProblem[] {
  return errors.flatMap((error) => visit(error, error.property || ROOT_FIELD));
}

function visit(error: ValidationError, path: string): FieldProblem[] {
  const own = Object.values(error.constraints ?? {}).map((message) => ({ field: path, message }));
  const children = (error.children ?? []).flatMap((child) =>
    visit(child, childPath(path, error.value, child.property)),
  );
  return [...own, ...children];
}

function childPath(parentPath: string, parentValue: unknown, property: string): string {
  if (Array.isArray(parentValue) && /^\d+$/u.test(property)) return `${parentPath}[${property}]`;
  return `${parentPath}.${property}`;
}

export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
}
