import { scopesGrant } from './smart-scopes';

describe('SMART system scopes', () => {
  it('grants what the letters say, for the type or all types', () => {
    expect(scopesGrant(['system/Task.rs'], 'Task', 'r')).toBe(true);
    expect(scopesGrant(['system/Task.rs'], 'Task', 's')).toBe(true);
    expect(scopesGrant(['system/Task.rs'], 'Task', 'u')).toBe(false);
    expect(scopesGrant(['system/Task.rs'], 'Patient', 'r')).toBe(false);
    expect(scopesGrant(['system/*.cruds'], 'Patient', 'd')).toBe(true);
    expect(scopesGrant(['system/Patient.read'], 'Patient', 's')).toBe(true);
    expect(scopesGrant(['system/Patient.read'], 'Patient', 'c')).toBe(false);
  });

  it('ignores user and patient scopes and malformed ones', () => {
    expect(scopesGrant(['user/Task.cruds', 'patient/*.read', 'system/Task.xyz', 'openid'], 'Task', 'r')).toBe(false);
  });
});
