import { Body, Controller, Headers, Post, Res, Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readCitizenRequest } from './citizen-request.reader';
import { NgspTokenStore } from './ngsp-token.store';
import { PopulationRegistry } from './population.registry';
import { buildSoapFault, buildSoapResponse, parseSoapRequest, SoapFaultError } from './population-soap.codec';
import { PopulationSimulatorOptions } from './population-simulator.options';
import { ServiceTimings } from './service-timings';
import { Citizen } from '../kit/synthetic-population';

const XML = 'text/xml; charset=utf-8';

/** The API manager's JSON refusal, sent before the SOAP service sees the call. */
interface GatewayFault {
  fault: { code: number; message: string; description: string };
}

function citizenXml(citizen: Citizen): Record<string, unknown> {
  return {
    SoDinhDanh: citizen.SoDinhDanh,
    ...(citizen.SoCMND ? { SoCMND: citizen.SoCMND } : {}),
    HoVaTen: citizen.HoVaTen,
    NgayThangNamSinh: { NgayThangNam: citizen.NgayThangNamSinh },
    GioiTinh: citizen.GioiTinh,
    QuocTich: citizen.QuocTich,
    DanToc: citizen.DanToc,
    NoiDangKyKhaiSinh: citizen.NoiDangKyKhaiSinh,
  };
}

/**
 * The population database's SOAP 1.1 endpoint behind the NGSP gateway. The gateway answers 401 for a missing,
 * unknown or expired bearer token (JSON, in the API manager's style) before the SOAP service sees the call.
 */
export function populationSoapController(options: PopulationSimulatorOptions): Type {
  @Controller()
  class PopulationSoapController {
    constructor(
      private readonly tokens: NgspTokenStore,
      private readonly population: PopulationRegistry,
      private readonly timings: ServiceTimings,
    ) {}

    @Post(options.soapPath)
    handle(
      @Headers('authorization') authorization: string | undefined,
      @Body() body: unknown,
      @Res({ passthrough: true }) response: FastifyReply,
    ): string | GatewayFault {
      if (!this.tokens.authorise(authorization)) {
        response.status(401).header('WWW-Authenticate', 'Bearer error="invalid_token"');
        return {
          fault: {
            code: 900901,
            message: 'Invalid Credentials',
            description: 'Access token missing, unknown or expired',
          },
        };
      }
      try {
        const { requestId, xml } = this.answer(body);
        response.status(200).type(XML);
        // Since the call arrived (fault latency included): the partner's own time, for benchmarks to subtract.
        const ms = response.elapsedTime;
        response.header('Server-Timing', `app;dur=${ms.toFixed(3)}`);
        this.timings.add(requestId, ms);
        return xml;
      } catch (error) {
        const fault =
          error instanceof SoapFaultError
            ? error
            : new SoapFaultError('Server', 'internal error', 'INTERNAL_ERROR');
        response.status(500).type(XML);
        return buildSoapFault(fault);
      }
    }

    private answer(body: unknown): { requestId: string; xml: string } {
      const { operation, fields } = parseSoapRequest(body);
      if (operation !== 'TraCuuThongTinCongDan' && operation !== 'XacThucThongTinCongDan') {
        throw new SoapFaultError('Client', `unknown operation ${operation}`, 'UNKNOWN_OPERATION');
      }
      const request = readCitizenRequest(fields);
      const citizen = this.population.match(request);
      const content: Record<string, unknown> = { MaYeuCau: request.requestId, TonTai: citizen !== undefined };
      if (operation === 'TraCuuThongTinCongDan' && citizen) content.CongDan = citizenXml(citizen);
      return { requestId: request.requestId, xml: buildSoapResponse(operation, content) };
    }
  }
  return PopulationSoapController;
}
