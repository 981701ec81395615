import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuthModule } from './auth.module';
import { CurrentPrincipal } from './current-principal.decorator';
import { OidcTokenVerifier } from './oidc-token.verifier';
import { Principal } from './principal';
import { Public } from './public.decorator';
import { TokenVerificationError } from './token-verification.error';

@Controller('probe')
class ProbeController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Public()
  @Get('open')
  open(): { open: boolean } {
    return { open: true };
  }
}

@Public()
@Controller('public-probe')
class PublicProbeController {
  @Get()
  open(): { open: boolean } {
    return { open: true };
  }
}

const gp: Principal = { subject: 'gp', role: 'gp', scopes: [], tokenExpiresAt: 1_900_000_000, organizationNumber: '910000012' };

/** Stands in for the identity provider: token names what the verifier says about it. */
const fakeVerifier = {
  verify: jest.fn(async (token: string): Promise<Principal> => {
    if (token === 'good') return gp;
    if (token === 'down') throw new TokenVerificationError('identity_provider_unreachable');
    throw new TokenVerificationError('token_expired');
  }),
};

describe('BearerTokenGuard (registered globally by AuthModule)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AuthModule], controllers: [ProbeController, PublicProbeController] })
      .overrideProvider(OidcTokenVerifier)
      .useValue(fakeVerifier)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app?.close());

  beforeEach(() => fakeVerifier.verify.mockClear());

  it('hands the verified principal to the handler', async () => {
    const response = await request(app.getHttpServer()).get('/probe/me').set('Authorization', 'Bearer good').expect(200);
    expect(response.body).toEqual({ ...gp, sourceAddress: expect.any(String) });
    expect(fakeVerifier.verify).toHaveBeenCalledWith('good');
  });

  it('accepts the scheme in any case', async () => {
    await request(app.getHttpServer()).get('/probe/me').set('Authorization', 'bearer good').expect(200);
  });

  it('asks for a bearer token when there is none', async () => {
    const response = await request(app.getHttpServer()).get('/probe/me').expect(401);
    expect(response.body.message).toBe('a bearer token is required');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="bro"');
  });

  it('rejects other authorization schemes', async () => {
    const response = await request(app.getHttpServer()).get('/probe/me').set('Authorization', 'Basic Z3A6Z3A=').expect(401);
    expect(response.body.message).toBe('the Authorization header must be "Bearer <access token>"');
    expect(fakeVerifier.verify).not.toHaveBeenCalled();
  });

  it('answers 401 with the reason when the token is not accepted', async () => {
    const response = await request(app.getHttpServer()).get('/probe/me').set('Authorization', 'Bearer stale').expect(401);
    expect(response.body.message).toBe('token expired');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="bro", error="invalid_token", error_description="token expired"');
  });

  it('answers 503 when the identity provider cannot be reached', async () => {
    const response = await request(app.getHttpServer()).get('/probe/me').set('Authorization', 'Bearer down').expect(503);
    expect(response.body.message).toBe('identity provider unreachable');
  });

  it('lets @Public() handlers and controllers through without a token', async () => {
    await request(app.getHttpServer()).get('/probe/open').expect(200, { open: true });
    await request(app.getHttpServer()).get('/public-probe').expect(200, { open: true });
    expect(fakeVerifier.verify).not.toHaveBeenCalled();
  });
});
