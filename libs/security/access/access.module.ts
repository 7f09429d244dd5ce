import { Module } from '@nestjs/common';
import { ClientDirectory } from '../clients/client-directory.service';
import { LimitsModule } from '../limits/limits.module';
import { SigningKeys } from '../tokens/signing-keys.service';
import { TokenIssuer } from '../tokens/token-issuer.service';
import { TokenVerifier } from '../tokens/token-verifier.service';
import { AccessGuard } from './access.guard';

/**
 * Who may call an app: clients, token signing and verification, and the guard every app registers as its
 * global guard (`{ provide: APP_GUARD, useExisting: AccessGuard }`). Needs PersistenceModule (global).
 */
@Module({
  imports: [LimitsModule],
  providers: [SigningKeys, TokenIssuer, TokenVerifier, ClientDirectory, AccessGuard],
  exports: [SigningKeys, TokenIssuer, TokenVerifier, ClientDirectory, AccessGuard, LimitsModule],
})
export class AccessModule {}
