import { Module } from '@nestjs/common';
import { AuditModule } from '@lgsp/audit';
import { PaymentGatewayModule } from '@lgsp/adapters/payment-gateway';
import { IntakePolicyModule } from '../intake-policy/intake-policy.module';
import { PaymentCallbacksController } from './payment-callbacks.controller';
import { PaymentOperationsController } from './payment-operations.controller';
import { PaymentOrderingService } from './payment-ordering.service';
import { PaymentReconciliationSchedule } from './payment-reconciliation.schedule';
import { PaymentReconciliationService } from './payment-reconciliation.service';
import { PaymentSettlementService } from './payment-settlement.service';
import { PaymentsController } from './payments.controller';

/** Online payment of dossier fees: orders, the gateways' callbacks, and reconciliation of lost callbacks. */
@Module({
  imports: [AuditModule, IntakePolicyModule, PaymentGatewayModule],
  controllers: [PaymentsController, PaymentCallbacksController, PaymentOperationsController],
  providers: [
    PaymentOrderingService,
    PaymentSettlementService,
    PaymentReconciliationService,
    PaymentReconciliationSchedule,
  ],
})
export class PaymentsModule {}
