/** The generator's extraction of a service principal captured inside test code (pure). */
import { servicePrincipalIn } from '../../../scripts/generate-first-party-resources';

const CAPTURE = `
  const stub = sinon.stub(request, 'get').callsFake(async () => {
    if (url.includes('other')) return { "value": [{ "appId": "00000007-0000-0000-c000-000000000000", "displayName": "x" }] };
    return { "value": [{ "id": "eb6e", "appId": "00000007-0000-0000-c000-000000000000",
      "oauth2PermissionScopes": [{ "id": "78ce3f0f-a1ce-49c2-8cde-64b5c0896db4", "value": "user_impersonation", "type": "User",
        "adminConsentDisplayName": "Access {braces} \\"quoted\\"", "adminConsentDescription": "d" }], "appRoles": [] }] };
  });`;

describe('servicePrincipalIn', () => {
  it('finds the object literal that carries permission lists, skipping bare references', () => {
    const sp = servicePrincipalIn(CAPTURE, '00000007-0000-0000-c000-000000000000');
    expect(sp.oauth2PermissionScopes).toEqual([
      expect.objectContaining({ value: 'user_impersonation', adminConsentDisplayName: 'Access {braces} "quoted"' }),
    ]);
  });

  it('fails loudly when the capture is not there', () => {
    expect(() => servicePrincipalIn(CAPTURE, 'e406a681-f3d4-42a8-90b6-c2b029497af1')).toThrow(/no service principal/);
  });
});
