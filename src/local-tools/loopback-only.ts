/**
 * The Agents Playground has no option for the address it listens on and binds every interface,
 * which would put its mock Bot Connector (it relays anything to the bot) on the network. Local
 * tools stay on loopback: the Playground's node process is started with this preload, which
 * gives every TCP listen without an explicit host the loopback address instead. A listen that
 * names a host, or a pipe path, is left alone.
 */
export const LOOPBACK_HOST = '127.0.0.1';

const PRELOAD = `
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) {
    if (typeof second !== 'string') args.splice(1, 0, '${LOOPBACK_HOST}');
  } else if (first && typeof first === 'object' && first.path === undefined && first.host === undefined && !(first instanceof net.Server)) {
    args[0] = { ...first, host: '${LOOPBACK_HOST}' };
  }
  return listen.apply(this, args);
};
`;

/** Node arguments that make a child process listen on loopback only. */
export function loopbackOnlyNodeArgs(): string[] {
  return ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`];
}
