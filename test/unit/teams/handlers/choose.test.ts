import { parseChoice } from '../../../../src/teams/handlers/choose';

const A = '34F0B59E-A9FC-4D21-8A85-A3A124438861';
const S = '721d605c-c082-47e3-86df-b64ab212f32c';

describe('parseChoice (untrusted button data)', () => {
  it('accepts GUIDs, normalised to lower case', () => {
    expect(parseChoice({ appId: A, servicePrincipalId: S })).toEqual({ appId: A.toLowerCase(), servicePrincipalId: S });
    expect(parseChoice({ servicePrincipalId: S })).toEqual({ appId: null, servicePrincipalId: S });
  });

  it.each([
    [null],
    ['text'],
    [[A]],
    [{}],
    [{ appId: 'x' }],
    [{ appId: A, servicePrincipalId: 42 }],
    [{ appId: `${A}' or 1 eq 1` }],
  ])('refuses %j', (data) => {
    expect(parseChoice(data)).toBeNull();
  });
});
