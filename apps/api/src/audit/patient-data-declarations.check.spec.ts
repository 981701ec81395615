import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { NoPatientData, ReturnsPatientData } from './patient-data.decorators';
import { PatientDataDeclarationsCheck } from './patient-data-declarations.check';

@Controller('api/declared')
@NoPatientData('a test controller')
class DeclaredController {
  @Get()
  list() {
    return [];
  }
}

@Controller('api/forgotten')
class ForgottenController {
  @Get('tasks')
  tasks() {
    return [];
  }

  @Get('audited')
  @ReturnsPatientData(() => [])
  audited() {
    return [];
  }
}

async function start(controllers: Array<new () => unknown>): Promise<void> {
  @Module({ imports: [DiscoveryModule], controllers, providers: [PatientDataDeclarationsCheck] })
  class TestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  try {
    await app.init();
  } finally {
    await app.close();
  }
}

describe('patient-data declarations', () => {
  it('starts when every route declares what it does with patient data', async () => {
    await expect(start([DeclaredController])).resolves.toBeUndefined();
  });

  it('refuses to start naming the route that declares nothing', async () => {
    await expect(start([DeclaredController, ForgottenController])).rejects.toThrow('GET api/forgotten/tasks');
    await expect(start([ForgottenController])).rejects.not.toThrow('audited');
  });
});
