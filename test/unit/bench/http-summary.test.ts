/**
 * The benchmark's count of a bot's outgoing requests per message, named by destination.
 */
import { destinations, requestsPerMessage } from '../../../bench/http-summary';
import { cpuBetween } from '../../../bench/process-cpu';

describe('benchmark request counts', () => {
  const saved = process.env.TEST_STORAGE_CONNECTION_STRING;
  afterEach(() => {
    if (saved === undefined) delete process.env.TEST_STORAGE_CONNECTION_STRING;
    else process.env.TEST_STORAGE_CONNECTION_STRING = saved;
  });

  it('names Table, Blob, the Bot Connector and Graph by port and divides by the messages of the run', () => {
    process.env.TEST_STORAGE_CONNECTION_STRING =
      'DefaultEndpointsProtocol=http;BlobEndpoint=http://127.0.0.1:41001/devstoreaccount1;TableEndpoint=http://127.0.0.1:41002/devstoreaccount1;';
    const names = destinations('http://127.0.0.1:41003/', 'https://localhost:41004');
    expect(names).toEqual({ 41001: 'blob', 41002: 'table', 41003: 'connector', 41004: 'graph' });
    const before: Array<Record<string, number>> = [{ '41002 PUT 204 limitCounters': 10 }, {}];
    const after: Array<Record<string, number>> = [
      { '41002 PUT 204 limitCounters': 30, '41002 PUT 412 requests': 1 },
      { '41002 PUT 204 limitCounters': 10, '41003 POST 200 conversations': 20, '9999 GET 200': 2 },
    ];
    expect(requestsPerMessage(before, after, names, 10)).toEqual({
      'table PUT 204 limitCounters': 3,
      'connector POST 200 conversations': 2,
      'port 9999 GET 200': 0.2,
      'table PUT 412 requests': 0.1,
    });
  });

  it('CPU between two snapshots counts only processes present in both', () => {
    const before = [
      { pid: 1, command: 'a', cpuMs: 100 },
      { pid: 2, command: 'b', cpuMs: 50 },
    ];
    const after = [
      { pid: 1, command: 'a', cpuMs: 160 },
      { pid: 3, command: 'c', cpuMs: 10 },
    ];
    expect(cpuBetween(before, after)).toEqual([{ pid: 1, command: 'a', cpuMs: 60 }]);
  });
});
