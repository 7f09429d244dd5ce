import { ValidationArguments, registerDecorator } from 'class-validator';
import { DocumentHostAllowList, allowedDocumentHosts, isLocalOrAddressHost } from './document-hosts';

export const IS_DOCUMENT_URL = 'isDocumentUrl';

/**
 * Why a document link may not be forwarded, or null when it may. The bus hands these links to partners under
 * the province's login, so only https links to the configured document hosts pass; the message names the rule
 * and the host, never the whole link (its path may carry personal data). What is not an http(s) URL at all is
 * left to the contract's own IsUrl, so a field is not refused twice for one mistake.
 */
export function documentUrlProblem(
  value: unknown,
  allowed: DocumentHostAllowList | undefined = allowedDocumentHosts(),
): string | null {
  if (typeof value !== 'string') return null;
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.protocol !== 'https:') return `must be an https link (it is ${url.protocol.replace(/:$/u, '')})`;
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (isLocalOrAddressHost(url.hostname)) {
    return `points at ${url.hostname}, an address or local host, where no document may be fetched from`;
  }
  if (allowed && !allowed.allows(url.hostname)) {
    return `points at ${url.hostname}, which is not an allowed document host (DOCUMENT_HOSTS)`;
  }
  return null;
}

/** Intake policy, not contract (docs/intake-policy.md): a link the bus may hand to a partner. */
export function IsDocumentUrl(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: IS_DOCUMENT_URL,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => documentUrlProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} ${documentUrlProblem(args?.value) ?? 'must be an allowed document link'}`,
      },
    });
  };
}
