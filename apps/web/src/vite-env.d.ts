/// <reference types="vite/client" />

/** The OpenID Connect issuer, fixed at build time from OIDC_ISSUER (vite.config.ts). */
declare const __BRO_OIDC_ISSUER__: string;
