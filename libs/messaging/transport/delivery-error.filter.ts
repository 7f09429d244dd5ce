import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { Observable, throwError } from 'rxjs';

/**
 * Nest's default RPC filter turns every error that is not an RpcException into "Internal server error". The bus
 * transport routes a failed message by its error (a DomainError's code decides between backoff, retry topics,
 * dead letter and parking), so on RPC handlers the error passes through untouched. HTTP errors (the worker's
 * operator listener) get Nest's default handling.
 */
@Catch()
export class DeliveryErrorFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    super.catch(exception, host);
  }
}
