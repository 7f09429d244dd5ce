import { BaseRpcContext } from '@nestjs/microservices';
import type { Transaction } from '@lgsp/persistence';

type DeliveryArgs = [consumerGroup: string, transaction: Transaction];

/**
 * What an @EventPattern handler receives beside its message (`@Ctx()`): the transaction its database effects
 * commit in, together with the record that the message was processed. It refuses queries once the handler's
 * time is up; the message's `signal` says so too.
 */
export class DeliveryContext extends BaseRpcContext<DeliveryArgs> {
  getConsumerGroup(): string {
    return this.args[0];
  }

  getTransaction(): Transaction {
    return this.args[1];
  }
}

type RequestArgs = [consumerGroup: string, deadline: Date];

/** What an @MessagePattern handler receives beside its request: when its caller stops waiting for the reply. */
export class RequestContext extends BaseRpcContext<RequestArgs> {
  getConsumerGroup(): string {
    return this.args[0];
  }

  getDeadline(): Date {
    return this.args[1];
  }
}
