import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TestingModule } from '@nestjs/testing';
import type { CitizenVerificationCompletedV2 } from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';
import type { CitizenVerificationRequestedV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import { InboundMessage, consumerGroup } from '@lgsp/messaging';
import { CITIZEN_VERIFICATION_TOPIC } from '../../apps/gateway/citizens/population-request.client';
import { startMessagingApp } from '../support/messaging/messaging-app';

/** What the scripted population database knows, by full name (the test's script). */
export const Script = {
  match: 'Nguyễn Văn An',
  differentName: 'Trần Thị Bình',
  nobody: 'Không Có Ai',
  breakerOpen: 'Lê Văn Cầu',
  silent: 'Phạm Thị Dung',
} as const;

/** Every request the scripted connector was given, as it arrived. */
export const received: CitizenVerificationRequestedV2[] = [];

/**
 * Stands in for the population connector (adapters/population-database) on the same request topic: answers the
 * verdict the script gives the full name, with every citizen field (the gateway must keep only the allowed ones).
 */
@Controller()
class ScriptedPopulationController {
  @MessagePattern(CITIZEN_VERIFICATION_TOPIC, consumerGroup('scripted-population'))
  async verify(@Payload() message: InboundMessage): Promise<CitizenVerificationCompletedV2> {
    const request = message.envelope.payload as CitizenVerificationRequestedV2;
    received.push(request);
    const answer = { requestId: request.requestId, occurredAt: new Date().toISOString() };
    switch (request.fullName) {
      case Script.match:
        return {
          ...answer,
          verdict: 'match',
          differingFields: [],
          citizen: {
            fullName: Script.match,
            birthDate: '1990-05-17',
            sex: 'male',
            nationality: 'VN',
            ethnicity: 'Kinh',
            birthRegistrationProvince: 'Hà Nội',
          },
        };
      case Script.differentName:
        return { ...answer, verdict: 'no-match', differingFields: ['fullName'] };
      case Script.breakerOpen:
        return { ...answer, verdict: 'unavailable', differingFields: [], retryAfterSeconds: 7 };
      case Script.silent:
        // Answers only once its caller has stopped waiting: the responder drops what it returns then.
        await new Promise<void>((resolve) => message.signal.addEventListener('abort', () => resolve()));
        return { ...answer, verdict: 'match', differingFields: [] };
      default:
        return { ...answer, verdict: 'not-found', differingFields: [] };
    }
  }
}

/** The scripted connector on the test gateway's topics. */
export function startScriptedPopulation(overrides: Record<string, string>): Promise<TestingModule> {
  return startMessagingApp({ overrides, withConsumer: false, controllers: [ScriptedPopulationController] });
}
