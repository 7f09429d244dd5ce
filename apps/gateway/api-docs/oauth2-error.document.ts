import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** The token endpoint's refusals, in RFC 6749 §5.2's shape rather than problem+json (OAuth2 clients parse it). */
@ApiSchema({ name: 'OAuth2Error', description: 'An OAuth2 error (RFC 6749 §5.2)' })
export class OAuth2ErrorDocument {
  @ApiProperty({
    enum: ['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope'],
    example: 'invalid_scope',
  })
  error!: string;

  @ApiPropertyOptional({ example: 'not granted to this client: ops:write' })
  error_description?: string;
}
