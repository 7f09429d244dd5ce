import { Injectable } from '@nestjs/common';
import { AuditJson, AuditLog } from '@lgsp/audit';
import { DatabaseService, Transaction } from '@lgsp/persistence';
import { Operator, actorOf } from './operator-identity';

/** What an operator's change did, and what its audit record says of it beyond who acted. */
export interface AuditedChange<T> {
  result: T;
  details: { [key: string]: AuditJson };
}

/**
 * An operator's change and its record in the operator-action chain of the audit record, in one transaction:
 * fail-closed, a change whose record cannot be written does not happen.
 */
@Injectable()
export class OperatorActions {
  constructor(
    private readonly db: DatabaseService,
    private readonly audit: AuditLog,
  ) {}

  /** Runs `change`, appends its record, commits both; answers the change's result and the record, `stream:sequence`. */
  audited<T>(
    operator: Operator,
    action: string,
    subject: string,
    change: (tx: Transaction) => Promise<AuditedChange<T>>,
  ): Promise<{ result: T; audit: string }> {
    return this.db.transaction(async (tx) => {
      const { result, details } = await change(tx);
      const record = await this.audit.appendIn(tx, {
        stream: 'operator-action',
        actor: actorOf(operator),
        action,
        subject,
        details: { client: operator.client, operator: operator.person, ...details },
      });
      return { result, audit: `${record.stream}:${record.sequence}` };
    });
  }
}
