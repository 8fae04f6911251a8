import { EventEmitter } from 'node:events';
import net from 'node:net';
import { OPEN_INTERNET_ONLY, resolveOutbound, type OutboundPolicy } from '../../../http/outbound.js';

export type AmiMessage = Record<string, string>;

export interface AmiOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** First reconnection delay; doubles up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Where `host` may be reached (server/http/outbound.ts); public addresses only by default. */
  outbound?: OutboundPolicy;
}

/** Splits the AMI byte stream into messages: "Key: Value" lines, a blank line ends a message. */
export function parseAmiMessages(buffer: string): { messages: AmiMessage[]; rest: string } {
  const messages: AmiMessage[] = [];
  let rest = buffer.replace(/^Asterisk Call Manager\/[^\r\n]*\r?\n/, '');
  let end: number;
  while ((end = rest.search(/\r?\n\r?\n/)) >= 0) {
    const block = rest.slice(0, end);
    rest = rest.slice(end).replace(/^\r?\n\r?\n/, '');
    const message: AmiMessage = {};
    for (const line of block.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) message[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    if (Object.keys(message).length) messages.push(message);
  }
  return { messages, rest };
}

/** Refuses values that would inject another AMI header or action. */
function field(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('AMI values cannot contain line breaks');
  return value;
}

/**
 * A client of the Asterisk Manager Interface over TCP: logs in, emits every event, answers
 * actions, and reconnects with back-off when the connection drops. Written here because the
 * npm AMI clients are unmaintained; the protocol is plain text lines.
 */
export class AmiClient extends EventEmitter {
  private socket?: net.Socket;
  private buffer = '';
  private stopped = false;
  private attempt = 0;
  private actionSeq = 0;
  private pending = new Map<string, (message: AmiMessage) => void>();
  private timer?: NodeJS.Timeout;

  constructor(private options: AmiOptions) {
    super();
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  private connect(): void {
    // Resolved and checked at each connection (QUALITY 15), then connected to that very address.
    resolveOutbound(this.options.host, this.options.outbound ?? OPEN_INTERNET_ONLY).then(
      (address) => {
        if (!this.stopped) this.open(address);
      },
      (error: unknown) => {
        this.emit('connection-error', error);
        this.retryLater();
      },
    );
  }

  private retryLater(): void {
    if (this.stopped) return;
    const delay = Math.min(this.options.maxDelayMs ?? 30_000, (this.options.minDelayMs ?? 500) * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private open(address: string): void {
    const socket = net.createConnection({ host: address, port: this.options.port });
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.setKeepAlive(true, 30_000);
    socket.on('connect', () => {
      this.action({ Action: 'Login', Username: this.options.username, Secret: this.options.secret, Events: 'call' }).then(
        (response) => {
          if (response.Response === 'Success') {
            this.attempt = 0;
            this.emit('connected');
          } else {
            this.emit('error', new Error(`AMI login refused: ${response.Message ?? 'unknown reason'}`));
            socket.destroy();
          }
        },
        // Settings the action refuses (stored before they were validated): reported, never thrown
        // out of this listener, which would end the whole server.
        (error: unknown) => {
          this.emit('error', error);
          socket.destroy();
        },
      );
    });
    socket.on('data', (chunk: string) => {
      const { messages, rest } = parseAmiMessages(this.buffer + chunk);
      this.buffer = rest;
      for (const message of messages) {
        const waiting = message.ActionID ? this.pending.get(message.ActionID) : undefined;
        if (message.Response && waiting) {
          this.pending.delete(message.ActionID);
          waiting(message);
        } else if (message.Event) {
          this.emit('event', message);
        }
      }
    });
    socket.on('error', (error) => this.emit('connection-error', error));
    socket.on('close', () => {
      this.buffer = '';
      for (const resolve of this.pending.values()) resolve({ Response: 'Error', Message: 'connection closed' });
      this.pending.clear();
      this.emit('disconnected');
      this.retryLater();
    });
  }

  /** Sends an action and resolves with its response; rejects values that would inject another header or action. */
  action(fields: Record<string, string>): Promise<AmiMessage> {
    const actionId = `relais-${++this.actionSeq}`;
    let text: string;
    try {
      text = Object.entries({ ...fields, ActionID: actionId }).map(([k, v]) => `${field(k)}: ${field(v)}`).join('\r\n');
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve) => {
      this.pending.set(actionId, resolve);
      this.socket?.write(`${text}\r\n\r\n`);
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.destroy();
  }
}
