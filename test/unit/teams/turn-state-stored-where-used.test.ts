import { MemoryStorage, TestAdapter, TurnContext, type Activity, type Storage, type StoreItems } from 'botbuilder';
import { TurnStateStoredWhereUsed, usesStoredTurnState } from '../../../src/teams/turn-state';

/** botbuilder's MemoryStorage, with the keys each read and write asked for. */
class RecordingStorage implements Storage {
  readonly inner = new MemoryStorage();
  readonly reads: string[][] = [];
  readonly writes: string[][] = [];
  read(keys: string[]): Promise<StoreItems> {
    this.reads.push(keys);
    return this.inner.read(keys);
  }
  write(changes: StoreItems): Promise<void> {
    this.writes.push(Object.keys(changes));
    return this.inner.write(changes);
  }
  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

const base: Partial<Activity> = {
  channelId: 'msteams',
  recipient: { id: 'bot', name: 'bot' },
  from: { id: 'user', name: 'User' },
  conversation: { id: 'conversation-1', isGroup: false, conversationType: 'personal', name: '' },
};

function contextFor(activity: Partial<Activity>): TurnContext {
  return new TurnContext(new TestAdapter(), { ...base, ...activity } as Activity);
}

describe('turn state stored only where it is used', () => {
  it('a personal message and a card click neither read nor write storage', async () => {
    for (const activity of [
      { type: 'message', text: 'hello' },
      { type: 'invoke', name: 'adaptiveCard/action' },
    ]) {
      const storage = new RecordingStorage();
      const state = new TurnStateStoredWhereUsed();
      const context = contextFor(activity);
      await state.load(context, storage);
      (state.conversation as Record<string, unknown>).touched = true;
      await state.save(context, storage);
      expect(storage.reads).toEqual([]);
      expect(storage.writes).toEqual([]);
    }
  });

  it('an installation update reads and writes its conversation state as before', async () => {
    const storage = new RecordingStorage();
    const context = contextFor({ type: 'installationUpdate', action: 'add' });
    const first = new TurnStateStoredWhereUsed();
    await first.load(context, storage);
    (first.conversation as Record<string, unknown>).welcomed = true;
    await first.save(context, storage);
    expect(storage.reads).toHaveLength(1);
    expect(storage.writes).toHaveLength(1);

    const second = new TurnStateStoredWhereUsed();
    await second.load(contextFor({ type: 'installationUpdate', action: 'add' }), storage);
    expect((second.conversation as Record<string, unknown>).welcomed).toBe(true);
  });

  it("the token service's sign-in invokes and unknown activities keep their stored state", () => {
    expect(usesStoredTurnState({ type: 'invoke', name: 'signin/verifyState' })).toBe(true);
    expect(usesStoredTurnState({ type: 'invoke', name: 'signin/tokenExchange' })).toBe(true);
    expect(usesStoredTurnState({ type: 'conversationUpdate' })).toBe(true);
    expect(usesStoredTurnState({ type: 'message' })).toBe(false);
  });
});
