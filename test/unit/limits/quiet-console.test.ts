/** quietly(): library console output inside the token check is dropped; everything else prints. */
import { quietly } from '../../../src/limits/quiet-console';

describe('quietly', () => {
  let printed: string[];
  beforeEach(() => {
    printed = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      printed.push(`error ${args.join(' ')}`);
    });
    jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      printed.push(`warn ${args.join(' ')}`);
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('drops what is printed inside, also after an await, while the same calls outside still print', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inside = quietly(async () => {
      console.error('Error finding key for token. Available keys: -----BEGIN RSA PUBLIC KEY-----');
      await gate;
      console.warn('later, still inside');
      return 'checked';
    });
    // Runs while the quiet work is waiting: a different async context.
    console.error('outside');
    release();
    expect(await inside).toBe('checked');
    console.warn('after');
    expect(printed).toEqual(['error outside', 'warn after']);
  });

  it('passes a failure through unchanged', async () => {
    await expect(
      quietly(async () => {
        throw new Error('invalid signature');
      }),
    ).rejects.toThrow('invalid signature');
    console.error('still prints');
    expect(printed).toEqual(['error still prints']);
  });
});
