import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The token request's form fields, for the OpenAPI document. */
export class TokenFormDocument {
  @ApiProperty({ enum: ['client_credentials'] })
  grant_type!: string;

  @ApiPropertyOptional({
    description: 'Space-separated scopes; default: every scope of the client',
    example: 'dossier:write',
  })
  scope?: string;

  @ApiPropertyOptional({ description: 'With client_secret, instead of HTTP Basic' })
  client_id?: string;

  @ApiPropertyOptional({ description: 'With client_id, instead of HTTP Basic' })
  client_secret?: string;
}

/** RFC 6749 §5.1's successful answer. */
export class TokenResponseDocument {
  @ApiProperty({ description: 'A signed JWT (RFC 9068); verify with /.well-known/jwks.json' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ description: 'Seconds the token is valid for', example: 300 })
  expires_in!: number;

  @ApiProperty({ description: 'The scopes granted, space-separated', example: 'dossier:read dossier:write' })
  scope!: string;
}
