import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'bro:public';

/** Lets a handler or controller be called without a bearer token (health checks, /metadata). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
