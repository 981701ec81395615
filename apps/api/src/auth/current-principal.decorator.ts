import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { Principal } from './principal';

/** The caller of the request, as the bearer-token guard established it. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) {
    throw new Error('@CurrentPrincipal() is only available where the bearer-token guard ran (not on @Public() routes)');
  }
  return principal;
});
