import { Body, Controller, Headers, HttpCode, Post, Type } from '@nestjs/common';
import { PortalSessionStore } from './portal-session.store';
import { isRecord } from './portal-dossier.validator';
import { PortalErrorCode, portalError, PortalReply } from './portal-error-codes';
import { PortalServices } from './portal-services';
import { NationalPortalSimulatorOptions } from './portal-simulator.options';

/**
 * The portal's two endpoints. Their paths are configuration (the real portal gives each province its own), so
 * the controller is built for the configured paths. The portal answers HTTP 200 with an error_code, always.
 */
export function nationalPortalController(options: NationalPortalSimulatorOptions): Type {
  @Controller()
  class NationalPortalController {
    constructor(
      private readonly sessions: PortalSessionStore,
      private readonly services: PortalServices,
    ) {}

    @Post(options.authPath)
    @HttpCode(200)
    login(@Headers('dstcode') dstcode: string | undefined, @Body() body: unknown): Record<string, unknown> {
      if (dstcode !== options.dstcode) {
        return portalError(PortalErrorCode.INVALID_DSTCODE, 'Mã tỉnh (dstcode) không hợp lệ');
      }
      if (!isRecord(body) || body.username !== options.username || body.password !== options.password) {
        this.sessions.recordFailedLogin();
        return portalError(PortalErrorCode.INVALID_CREDENTIALS, 'Sai tên đăng nhập hoặc mật khẩu');
      }
      return {
        error_code: PortalErrorCode.OK,
        message: 'Đăng nhập thành công',
        session: this.sessions.open(),
      };
    }

    @Post(options.integrationPath)
    @HttpCode(200)
    integrate(@Headers('dstcode') dstcode: string | undefined, @Body() body: unknown): PortalReply {
      if (dstcode !== options.dstcode) {
        return portalError(PortalErrorCode.INVALID_DSTCODE, 'Mã tỉnh (dstcode) không hợp lệ');
      }
      if (!isRecord(body)) return portalError(PortalErrorCode.INVALID_DATA, 'body must be a JSON object');
      if (!this.sessions.isValid(body.session)) {
        return portalError(options.sessionExpiredCode, 'Phiên làm việc hết hạn hoặc không hợp lệ');
      }
      if (typeof body.madonvi !== 'string' || body.madonvi === '') {
        return portalError(PortalErrorCode.INVALID_DATA, 'madonvi is required');
      }
      return this.services.handle(body.service, body);
    }
  }
  return NationalPortalController;
}
