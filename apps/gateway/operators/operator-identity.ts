import { DomainError, DomainErrorCode } from '@lgsp/contracts';
import type { Principal } from '@lgsp/security';

const OPERATOR_SHAPE = /^[A-Za-z0-9._@:-]{1,128}$/;

/** Who acts: the authenticated client and the person at it (X-Operator-Id). */
export interface Operator {
  client: string;
  person: string;
}

/** The X-Operator-Id header as OpenAPI describes it on every audited operator action. */
export const OPERATOR_HEADER = {
  name: 'X-Operator-Id',
  required: true,
  description: 'The person acting through the client, recorded in the audit with the client id',
};

/** The message of a 500 when an action's audit record could not be written. */
export const AUDIT_FAILED =
  'The audit record could not be written: the action was not done (fail-closed); nothing changed';

/** A change names the person: a client shared by a console's operators says nothing about who acted. */
export function operatorOf(principal: Principal, header: string | undefined): Operator {
  if (header !== undefined && OPERATOR_SHAPE.test(header))
    return { client: principal.clientId, person: header };
  throw new DomainError(DomainErrorCode.ValidationFailed, 'X-Operator-Id must name the operator', [
    {
      field: 'X-Operator-Id',
      message: 'required: 1 to 128 letters, digits, dots, @, colons, dashes or underscores',
    },
  ]);
}

/** How an operator is named in the audit record and in the state it changed. */
export function actorOf(operator: Operator): string {
  return `${operator.client}/${operator.person}`;
}
