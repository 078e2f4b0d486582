import { GraphHttpError } from '../../../sim/errors';
import { expandPermissions, PERMISSIONS, requirePermission, satisfies } from '../../../sim/permissions';

describe('permission table', () => {
  it('ReadWrite implies Read; Read.All implies ReadBasic.All', () => {
    const p = expandPermissions(['Directory.ReadWrite.All', 'User.ReadWrite.All', 'RoleManagement.Read.All']);
    expect(p.has('Directory.Read.All')).toBe(true);
    expect(p.has('User.Read.All')).toBe(true);
    expect(p.has('User.ReadBasic.All')).toBe(true);
    expect(p.has('RoleManagement.Read.Directory')).toBe(true);
    expect(p.has('Application.Read.All')).toBe(false);
  });

  it('sign-in logs need AuditLog.Read.All AND Directory.Read.All', () => {
    expect(satisfies(new Set(['AuditLog.Read.All']), PERMISSIONS['signIns.read'])).toBe(false);
    expect(satisfies(new Set(['AuditLog.Read.All', 'Directory.Read.All']), PERMISSIONS['signIns.read'])).toBe(true);
  });

  it('writes need the write permission, not Directory.Read.All', () => {
    expect(satisfies(expandPermissions(['Directory.Read.All']), PERMISSIONS['grants.write'])).toBe(false);
    expect(satisfies(expandPermissions(['Directory.Read.All']), PERMISSIONS['grants.read'])).toBe(true);
    expect(satisfies(expandPermissions(['Application.Read.All']), PERMISSIONS['servicePrincipals.write'])).toBe(false);
  });

  it('throws 403 Authorization_RequestDenied', () => {
    let err: unknown;
    try {
      requirePermission(new Set(), 'users.read');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GraphHttpError);
    expect(err).toMatchObject({
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
  });
});
