import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Topics } from '@lgsp/contracts';
import type { CitizenVerificationCompletedV2 } from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';
import { InboundMessage, consumerGroup } from '@lgsp/messaging';
import { POPULATION_DATABASE } from './population-database.policy';
import { PopulationVerificationService } from './population-verification.service';

/** Citizen verification requests (request-reply): the reply is the verdict, sent back to the waiting caller. */
@Controller()
export class PopulationVerificationController {
  constructor(private readonly verification: PopulationVerificationService) {}

  @MessagePattern(Topics.citizenVerification, consumerGroup(POPULATION_DATABASE))
  verify(@Payload() message: InboundMessage): Promise<CitizenVerificationCompletedV2> {
    return this.verification.verify(message);
  }
}
