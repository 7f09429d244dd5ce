import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import axios, { AxiosInstance } from 'axios';
import { firstValueFrom } from 'rxjs';
import { BusConfig } from '@lgsp/config';
import { CITIZEN_VERIFICATION_REQUESTED, Topics } from '@lgsp/contracts';
import type { CitizenVerificationCompletedV2 } from '@lgsp/contracts/citizen-verification-completed/v2/citizen-verification-completed.v2';
import type { CitizenVerificationRequestedV2 } from '@lgsp/contracts/citizen-verification-requested/v2/citizen-verification-requested.v2';
import {
  KafkaBusClient,
  KafkaClient,
  MessagePublisher,
  TopicProvisioner,
  createEnvelope,
} from '@lgsp/messaging';
import { ADMIN_TOKEN_HEADER } from '../../../apps/simulators/kit/admin-token';
import type { SampledCitizen } from '../../../apps/simulators/population-database/population-admin.controller';
import { RunningSimulators, startSimulators } from '../../../apps/simulators/simulators.bootstrap';
import { startWorker } from '../../../apps/worker/worker.bootstrap';
import { startMessagingApp } from '../messaging/messaging-app';
import { TestEnvironment, createTestEnvironment } from '../test-environment';
import { StartedParts } from '../started-parts';

export type VerificationRequest = Omit<
  CitizenVerificationRequestedV2,
  'requestId' | 'occurredAt' | 'purpose'
> &
  Partial<Pick<CitizenVerificationRequestedV2, 'purpose'>>;

export interface PopulationUnderTest {
  env: TestEnvironment;
  simulators: RunningSimulators;
  worker: INestApplication;
  /** The population simulator's admin API (citizens, NGSP token counts, token expiry, faults). */
  admin: AxiosInstance;
  /** Asks as the gateway will: the v2 request envelope over request-reply, keyed by its request id. */
  verify(request: VerificationRequest): Promise<CitizenVerificationCompletedV2>;
  close(): Promise<void>;
}

const PURPOSE = {
  serviceCode: '1.001193',
  dossierCode: 'H56.1-260101-0001',
  agencyCode: 'H56',
  officerCode: 'canbo01',
};

/**
 * The population-database connector in a worker, against the simulator, on the shared broker and database, with
 * a caller that speaks as the gateway will (KafkaBusClient with a deadline).
 */
export async function startPopulationUnderTest(
  name: string,
  extra: Record<string, string> = {},
): Promise<PopulationUnderTest> {
  const parts = new StartedParts();
  return parts.starting(async () => {
    const simulators = parts.add(await startSimulators({ logLevels: ['error'] }), (started) =>
      started.close(),
    );
    const env = createTestEnvironment(name, {
      NGSP_URL: simulators.urls.populationDatabase,
      CONNECTORS: 'population-database',
      ...extra,
    });
    parts.add(env, (created) => created.release());
    const worker = parts.add(await startWorker(env.overrides), (app) => app.close());
    const caller = parts.add(
      await startMessagingApp({ overrides: env.overrides, withConsumer: false }),
      (app: TestingModule) => app.close(),
    );
    const client = new KafkaBusClient(
      {
        kafka: caller.get(KafkaClient),
        publisher: caller.get(MessagePublisher),
        provisioner: caller.get(TopicProvisioner),
        config: caller.get(BusConfig),
      },
      { name: 'gateway', deadlineMs: 10_000 },
    );
    await client.connect();
    parts.add(client, (connected) => connected.close());
    return {
      env,
      simulators,
      worker,
      admin: axios.create({
        baseURL: simulators.urls.populationDatabase,
        headers: { [ADMIN_TOKEN_HEADER]: simulators.adminToken },
      }),
      async verify(request) {
        const requestId = randomUUID();
        const payload: CitizenVerificationRequestedV2 = {
          purpose: PURPOSE,
          ...request,
          requestId,
          occurredAt: new Date().toISOString(),
        };
        const envelope = createEnvelope({
          type: CITIZEN_VERIFICATION_REQUESTED,
          contractVersion: 2,
          key: requestId,
          payload,
          source: 'gateway',
        });
        return firstValueFrom(
          client.request<CitizenVerificationCompletedV2>(Topics.citizenVerification, envelope),
        );
      },
      close: () => parts.stopAll(),
    };
  });
}

/** Citizens of the synthetic population, evenly spread (the same ones every run). */
export async function sampleCitizens(admin: AxiosInstance, count: number): Promise<SampledCitizen[]> {
  const { data } = await admin.get<SampledCitizen[]>('/admin/population/sample', { params: { count } });
  return data;
}

/** yyyyMMdd as the contract's YYYY-MM-DD. */
export function isoDate(partnerDate: string): string {
  return `${partnerDate.slice(0, 4)}-${partnerDate.slice(4, 6)}-${partnerDate.slice(6, 8)}`;
}

export async function ngspStats(
  admin: AxiosInstance,
): Promise<{ tokensIssued: number; requestsRejected: number }> {
  const { data } = await admin.get<{ tokensIssued: number; requestsRejected: number }>('/admin/ngsp/stats');
  return data;
}
