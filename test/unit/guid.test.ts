import { isGuid } from '../../src/guid';

describe('isGuid, the one GUID check', () => {
  it('accepts an id in any case and nothing around it', () => {
    expect(isGuid('5c3d9726-656d-4733-adce-d2345cb2fd7f')).toBe(true);
    expect(isGuid('5C3D9726-656D-4733-ADCE-D2345CB2FD7F')).toBe(true);
    for (const bad of [
      ' 5c3d9726-656d-4733-adce-d2345cb2fd7f',
      '{5c3d9726-656d-4733-adce-d2345cb2fd7f}',
      '5c3d9726656d4733adced2345cb2fd7f',
      'x5c3d9726-656d-4733-adce-d2345cb2fd7f',
      '',
      null,
      42,
    ]) {
      expect(isGuid(bad)).toBe(false);
    }
  });
});
