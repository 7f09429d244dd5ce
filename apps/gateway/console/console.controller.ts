import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '@lgsp/security';
import { CONSOLE_CSS, CONSOLE_HTML } from './console-page';
import { CONSOLE_SCRIPT } from './console-script';

/** The files change with a deployment only; a browser asks again each time, so a new version shows at once. */
const REVALIDATE = 'no-cache';
const TEXT = { schema: { type: 'string' } };

/**
 * The operators' console: one page, its stylesheet and its script, all from the gateway's origin (the CSP allows
 * scripts and styles from 'self' only). Public because they hold no data: the page signs the operator in at
 * /oauth2/token and every figure comes from the ops:read and ops:write routes with that token. Documented in the
 * OpenAPI document like every route, so the document lists everything the gateway answers.
 */
@ApiTags('operations')
@PublicRoute('static page and its script and stylesheet; they hold no data, every figure needs an ops token')
@Controller('console')
export class ConsoleController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', REVALIDATE)
  @ApiOperation({
    summary: 'The operators’ console (a page for a browser; see docs/console.md)',
    description:
      'Sign in with an ops:read ops:write client; the page reads /v1/ops/connectors and dead letters.',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', content: { 'text/html': TEXT } })
  page(): string {
    return CONSOLE_HTML;
  }

  @Get('console.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', REVALIDATE)
  @ApiOperation({ summary: 'The console’s script' })
  @ApiProduces('text/javascript')
  @ApiOkResponse({ description: 'The script', content: { 'text/javascript': TEXT } })
  script(): string {
    return CONSOLE_SCRIPT;
  }

  @Get('console.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', REVALIDATE)
  @ApiOperation({ summary: 'The console’s stylesheet' })
  @ApiProduces('text/css')
  @ApiOkResponse({ description: 'The stylesheet', content: { 'text/css': TEXT } })
  stylesheet(): string {
    return CONSOLE_CSS;
  }
}
